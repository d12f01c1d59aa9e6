# Raises: ValueError
# A tfp.layers layer called on a Keras 3 symbolic tensor (functional API).
import keras
import tensorflow_probability as tfp

inputs = keras.Input(shape=(1,))
params = keras.layers.Dense(2)(inputs)
outputs = tfp.layers.IndependentNormal(1)(params)
