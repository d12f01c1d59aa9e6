# Raises: ValueError
# The Poisson-sampling layer in Keras 3 fit: not one weight gets a gradient.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions


class PoissonSample(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = keras.layers.Dense(1)

    def call(self, x):
        return tfd.Poisson(rate=tf.math.softplus(self.dense(x))).sample()


x = np.linspace(-1, 1, 32, dtype="float32")[:, None]
model = keras.Sequential([keras.Input(shape=(1,)), PoissonSample()])
model.compile(optimizer="adam", loss="mse")
model.fit(x, np.round(3 * (x + 1)), epochs=1, verbose=0)
