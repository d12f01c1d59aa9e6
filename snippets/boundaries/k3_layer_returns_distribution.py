# Raises: ValueError
# A custom Keras 3 layer whose call returns a TFP distribution.
import keras
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions


class NormalHead(keras.layers.Layer):
    def call(self, t):
        return tfd.Normal(
            loc=t[..., :1], scale=1e-3 + tf.math.softplus(t[..., 1:])
        )


model = keras.Sequential(
    [keras.Input(shape=(1,)), keras.layers.Dense(2), NormalHead()]
)
