# Fix: Keras 3 wants a Python int. The number is right; only its type is not.
import keras
import tensorflow_probability as tfp

dense = keras.layers.Dense(int(tfp.layers.IndependentNormal.params_size(1)))
print("units:", dense.units, type(dense.units).__name__)
