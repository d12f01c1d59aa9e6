# KLDivergenceAddLoss and KLDivergenceRegularizer (a VAE encoder's KL term)
# -> one Keras 3 layer that samples the latent code and adds the penalty.
# Same weights, same draw: same penalty.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd, tfpl = tfp.distributions, tfp.layers
keras.utils.set_random_seed(0)  # Python, NumPy and TensorFlow seeds


# The Keras 3 port: IndependentNormal parameters in, a sample out. It adds
# weight * (log q(z) - log p(z)), the one-draw KL estimate TFP uses by
# default, averaged over the batch as both original layers do.
class KLSample(keras.layers.Layer):
    def __init__(self, weight=1.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.weight = weight
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, params, noise=None):
        d = params.shape[-1] // 2
        loc, scale = params[..., :d], keras.ops.softplus(params[..., d:])
        if noise is None:
            noise = keras.random.normal(keras.ops.shape(loc),
                                        seed=self.seed_generator)
        z = loc + scale * noise
        q = tfd.Independent(tfd.Normal(loc, scale), 1)
        p = tfd.Independent(tfd.Normal(keras.ops.zeros_like(loc), 1.0), 1)
        kl = q.log_prob(z) - p.log_prob(z)
        self.add_loss(self.weight * keras.ops.mean(kl))
        return z

    def get_config(self):
        return {**super().get_config(), "weight": self.weight}


prior = tfd.Independent(tfd.Normal(loc=tf.zeros(2), scale=1.0), 1)
rng = np.random.default_rng(0)
x = rng.normal(size=(50, 4)).astype("float32")
for name, tail in (
    ("KLDivergenceAddLoss",
     [tfpl.IndependentNormal(2), tfpl.KLDivergenceAddLoss(prior, weight=0.5)]),
    ("KLDivergenceRegularizer",
     [tfpl.IndependentNormal(2, activity_regularizer=(
         tfpl.KLDivergenceRegularizer(prior, weight=0.5)))]),
):
    original = tf_keras.Sequential(
        [tf_keras.layers.Input((4,)), tf_keras.layers.Dense(4), *tail]
    )
    dense, port_layer = keras.layers.Dense(4), KLSample(0.5)
    keras.Sequential([keras.Input((4,)), dense, port_layer])
    dense.set_weights(original.layers[0].get_weights())
    z = tf.convert_to_tensor(original(x))  # the original's draw
    params = dense(x)
    loc, scale = params[:, :2], tf.math.softplus(params[:, 2:])
    port_layer(params, noise=(z - loc) / scale)
    u, v = np.asarray(original.losses[0]), np.asarray(port_layer.losses[0])
    print(
        f"{name:23} penalty {float(u):8.4f} vs {float(v):8.4f}"
        f"  max |diff| {np.max(np.abs(u - v)):.1e}"
        f"  allclose(rtol=1e-5, atol=1e-5): "
        f"{np.allclose(u, v, rtol=1e-5, atol=1e-5)}"
    )
