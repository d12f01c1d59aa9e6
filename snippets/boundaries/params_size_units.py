# Raises: ValueError
# params_size(...) as the units of a Keras 3 Dense layer.
import keras
import tensorflow_probability as tfp

units = tfp.layers.IndependentNormal.params_size(1)
print("params_size returns", repr(units), "of type", type(units).__name__)
keras.layers.Dense(units)
