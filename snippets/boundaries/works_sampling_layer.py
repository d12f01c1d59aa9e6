# A custom Keras 3 layer that owns a distribution and returns a sample. Do
# gradients reach it?
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions


class Sampled(keras.layers.Layer):
    """Dense parameters -> a distribution -> one sample.

    The sample is a tensor, which Keras 3 accepts.
    """

    def __init__(self, family, **kwargs):
        super().__init__(**kwargs)
        self.family = family
        self.dense = keras.layers.Dense(1)

    def call(self, x):
        p = self.dense(x)
        dist = {
            "Normal": lambda: tfd.Normal(loc=p, scale=0.1),
            "Poisson": lambda: tfd.Poisson(rate=tf.math.softplus(p)),
            "Bernoulli": lambda: tfd.Bernoulli(logits=p, dtype=tf.float32),
        }[self.family]()
        self.reparameterization = dist.reparameterization_type
        return dist.sample()


keras.utils.set_random_seed(0)
x = np.linspace(-1, 1, 32, dtype="float32")[:, None]
for family in ("Normal", "Poisson", "Bernoulli"):
    layer = Sampled(family)
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((layer(x) - 2 * x) ** 2)
    grads = tape.gradient(loss, layer.trainable_weights)
    print(
        f"{family:9s} {layer.reparameterization}: gradients",
        ["None" if g is None else "tensor" for g in grads],
    )
