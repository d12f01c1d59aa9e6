# Raises: ValueError
# The output of a TFP distribution layer passed on to a Keras 3 layer.
import keras
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions

noisy = tfp.layers.DistributionLambda(lambda t: tfd.Normal(loc=t, scale=1.0))(
    tf.zeros((2, 4))
)
keras.layers.Dense(3)(noisy)
