# Fix: a Keras 3 layer may use a distribution inside, but must return tensors.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions


class NormalHead(keras.layers.Layer):
    def call(self, t):
        dist = tfd.Normal(
            loc=t[..., :1], scale=1e-3 + tf.math.softplus(t[..., 1:])
        )
        return keras.ops.concatenate([dist.mean(), dist.stddev()], axis=-1)


keras.utils.set_random_seed(0)
model = keras.Sequential(
    [keras.Input(shape=(1,)), keras.layers.Dense(2), NormalHead()]
)
mean, stddev = model(np.array([[0.5]], dtype="float32"))[0]
print(
    "at x=0.5: mean", round(float(mean), 4), "stddev", round(float(stddev), 4)
)
