# DenseReparameterization and DenseFlipout -> one Keras 3 layer. Same
# weights: same posterior and KL; same kernel draw: same output
# (reparameterization); over 2000 draws, the same mean and spread (Flipout).
import warnings

import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd, tfpl = tfp.distributions, tfp.layers
keras.utils.set_random_seed(0)  # Python, NumPy and TensorFlow seeds
EPS = np.finfo("float32").eps
# TFP's layers still call tf_keras APIs that warn of their deprecation.
warnings.filterwarnings("ignore", category=UserWarning)


# The Keras 3 port: a Normal posterior per kernel entry (scale
# EPS + softplus(raw)), a point bias, a standard Normal prior; it adds
# kl_weight * KL(posterior || prior). The initialisers are TFP's defaults.
class DenseBayes(keras.layers.Layer):
    def __init__(self, units, kl_weight=1.0, flipout=False, seed=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.units, self.kl_weight, self.flipout = units, kl_weight, flipout
        self.seed_generator = keras.random.SeedGenerator(seed)

    def build(self, input_shape):
        shape, normal = (input_shape[-1], self.units), keras.initializers
        self.kernel_loc = self.add_weight(
            shape=shape, initializer=normal.RandomNormal(stddev=0.1))
        self.kernel_raw_scale = self.add_weight(
            shape=shape, initializer=normal.RandomNormal(-3.0, 0.1))
        self.bias = self.add_weight(
            shape=(self.units,), initializer=normal.RandomNormal(stddev=0.1))

    def posterior(self):
        scale = EPS + keras.ops.softplus(self.kernel_raw_scale)
        return tfd.Independent(tfd.Normal(self.kernel_loc.value, scale), 2)

    def call(self, inputs, noise=None):
        q = self.posterior()
        prior = tfd.Independent(tfd.Normal(keras.ops.zeros_like(q.mean()),
                                           1.0), 2)
        self.add_loss(self.kl_weight * tfd.kl_divergence(q, prior))
        if noise is None:
            noise = keras.random.normal(q.event_shape,
                                        seed=self.seed_generator)
        delta = q.stddev() * noise  # kernel draw minus kernel mean
        mean = keras.ops.matmul(inputs, self.kernel_loc) + self.bias
        if not self.flipout:
            return mean + keras.ops.matmul(inputs, delta)
        # Flipout: random signs per example decorrelate the batch.
        def signs(shape):
            bits = keras.random.randint(shape, 0, 2, seed=self.seed_generator)
            return keras.ops.cast(2 * bits - 1, inputs.dtype)

        batch = keras.ops.shape(inputs)[:-1]
        s_in, s_out = signs(keras.ops.shape(inputs)), signs((*batch,
                                                              self.units))
        return mean + keras.ops.matmul(inputs * s_in, delta) * s_out

    def get_config(self):
        return {**super().get_config(), "units": self.units,
                "kl_weight": self.kl_weight, "flipout": self.flipout}


def normal_from(params):
    scale = 1e-3 + tf.math.softplus(params[..., 1:])
    return tfd.Normal(params[..., :1], scale)


rng = np.random.default_rng(0)
x = rng.normal(size=(20, 3)).astype("float32")
y = rng.normal(size=(20, 1)).astype("float32")
for name, original_layer in (
    ("DenseReparameterization", tfpl.DenseReparameterization(2)),
    ("DenseFlipout", tfpl.DenseFlipout(2)),
):
    original = tf_keras.Sequential(
        [
            tf_keras.layers.Input((3,)),
            original_layer,
            tfpl.DistributionLambda(
                lambda t: tfd.Normal(
                    t[..., :1], 1e-3 + tf.math.softplus(t[..., 1:])
                )
            ),
        ]
    )
    port_layer = DenseBayes(2, flipout=name == "DenseFlipout")
    port = keras.Sequential([keras.Input((3,)), port_layer])
    port.set_weights(original.get_weights())
    a = original(x)
    q = port_layer.posterior()
    if name == "DenseReparameterization":  # the original's kernel draw
        draw = original_layer.kernel_posterior_tensor
        noise = (draw - q.mean()) / q.stddev()
        b = normal_from(port_layer(x, noise=noise))
    else:
        port_layer(x)
    rows = [
        ("posterior loc", original_layer.kernel_posterior.mean(), q.mean()),
        ("posterior sd", original_layer.kernel_posterior.stddev(),
         q.stddev()),
        ("KL", original.losses[0], port_layer.losses[0]),
    ]
    if name == "DenseReparameterization":
        rows += [
            ("mean", a.mean(), b.mean()),
            ("stddev", a.stddev(), b.stddev()),
            ("log_prob", a.log_prob(y), b.log_prob(y)),
        ]
    else:  # 2000 calls each: mean and sd of the output parameters
        call_a = tf.function(lambda: original_layer(x))
        call_b = tf.function(lambda: port_layer(x))
        draws_a = np.stack([call_a() for _ in range(2000)])
        draws_b = np.stack([call_b() for _ in range(2000)])
        rows += [
            ("2000-call mean", draws_a.mean(0), draws_b.mean(0)),
            ("2000-call sd", draws_a.std(0), draws_b.std(0)),
        ]
    print(name)
    for label, u, v in rows:
        u, v = np.asarray(u), np.asarray(v)
        tol = 0.02 if label.startswith("2000") else 1e-5
        print(
            f"  {label:14} max |diff| {np.max(np.abs(u - v)):.1e}"
            f"  allclose(rtol={tol:g}, atol={tol:g}): "
            f"{np.allclose(u, v, rtol=tol, atol=tol)}"
        )
