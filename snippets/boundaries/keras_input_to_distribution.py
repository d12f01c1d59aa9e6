# Raises: ValueError
# A TFP distribution built directly on Keras 3 symbolic inputs.
import keras
import tensorflow_probability as tfp

tfd = tfp.distributions

inputs = keras.Input(shape=(2,))
dist = tfd.Normal(loc=inputs[:, :1], scale=1.0)
