# Convolution1D/2D/3DReparameterization and Convolution1D/2D/3DFlipout -> one
# Keras 3 layer with `rank` and `flipout`. Same weights: same posterior and
# KL; same kernel draw: same output (reparameterization); Flipout: the same
# statistics of the noise across a batch, which the port without Flipout fails.
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


# The Keras 3 port: the dense port's posterior, prior and KL on a kernel of
# shape kernel_size + (channels, filters); strides 1, "valid" padding and
# channels last, TFP's defaults. Flipout draws one sign per example and input
# channel, and one per example and filter, as TFP's conv layers do.
class ConvBayes(keras.layers.Layer):
    def __init__(self, rank, filters, kernel_size, kl_weight=1.0,
                 flipout=False, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rank, self.filters, self.kernel_size = rank, filters, kernel_size
        self.kl_weight, self.flipout = kl_weight, flipout
        self.seed_generator = keras.random.SeedGenerator(seed)

    def build(self, input_shape):
        shape = (self.kernel_size,) * self.rank + (input_shape[-1],
                                                   self.filters)
        normal = keras.initializers.RandomNormal
        self.kernel_loc = self.add_weight(
            shape=shape, initializer=normal(stddev=0.1))
        self.kernel_raw_scale = self.add_weight(
            shape=shape, initializer=normal(-3.0, 0.1))
        self.bias = self.add_weight(
            shape=(self.filters,), initializer=normal(stddev=0.1))

    def posterior(self):
        scale = EPS + keras.ops.softplus(self.kernel_raw_scale)
        return tfd.Independent(tfd.Normal(self.kernel_loc.value, scale),
                               self.rank + 2)

    def call(self, inputs, noise=None):
        q = self.posterior()
        prior = tfd.Independent(tfd.Normal(keras.ops.zeros_like(q.mean()),
                                           1.0), self.rank + 2)
        self.add_loss(self.kl_weight * tfd.kl_divergence(q, prior))
        if noise is None:
            noise = keras.random.normal(q.event_shape,
                                        seed=self.seed_generator)
        delta = q.stddev() * noise  # kernel draw minus kernel mean
        mean = keras.ops.conv(inputs, self.kernel_loc) + self.bias
        if not self.flipout:
            return mean + keras.ops.conv(inputs, delta)

        def signs(channels):  # one per example and channel
            shape = (keras.ops.shape(inputs)[0],) + (1,) * self.rank
            bits = keras.random.randint((*shape, channels), 0, 2,
                                        seed=self.seed_generator)
            return keras.ops.cast(2 * bits - 1, inputs.dtype)

        s_in, s_out = signs(inputs.shape[-1]), signs(self.filters)
        return mean + keras.ops.conv(inputs * s_in, delta) * s_out

    def get_config(self):
        return {**super().get_config(), "rank": self.rank,
                "filters": self.filters, "kernel_size": self.kernel_size,
                "kl_weight": self.kl_weight, "flipout": self.flipout}


CALLS, ROWS = 200, 8


def noise_statistics(layer, example, mean):
    """Call `layer` CALLS times on ROWS copies of `example`; `mean` is the
    output's exact mean. Per call and output: the correlation of the noise
    between two examples (1: one shared kernel draw; 0: sign-flipped noise)
    and the spread of the squared noise over the examples, var / mean**2
    (0: equal). Returns each one's mean over the calls and its standard
    error: the calls are independent, so sd / sqrt(CALLS)."""
    call = tf.function(lambda: layer(np.repeat(example, ROWS, axis=0)))
    noise = np.stack([np.asarray(call()) for _ in range(CALLS)]) - mean
    noise = noise.reshape(CALLS, ROWS, -1).astype("float64")
    total, squares = noise.sum(1) ** 2, (noise**2).sum(1)
    corr = ((total - squares) / ((ROWS - 1) * squares)).mean(1)
    spread = ((noise**2).var(1) / (noise**2).mean(1) ** 2).mean(1)
    return [(s.mean(), s.std(ddof=1) / np.sqrt(CALLS)) for s in (corr, spread)]


def compare(label, u, v):
    u, v = np.asarray(u), np.asarray(v)
    return (f"{label} {np.max(np.abs(u - v)):.1e} "
            f"{np.allclose(u, v, rtol=1e-5, atol=1e-5)}")


# Tolerance of a statistic: K standard errors of the difference of two means
# (a true equality fails it with probability 6e-5), at least 1e-5 (float32
# rounding, where a statistic has no sampling error).
K = 4
rng = np.random.default_rng(0)
print("max |diff| and allclose(rtol=1e-05, atol=1e-05)")
for rank, size in ((1, (8,)), (2, (8, 8)), (3, (4, 4, 4))):
    x = rng.normal(size=(4, *size, 2)).astype("float32")  # 2 channels
    for flipout in (False, True):
        kind = "Flipout" if flipout else "Reparameterization"
        original_layer = getattr(tfpl, f"Convolution{rank}D{kind}")(3, 3)
        original = tf_keras.Sequential(
            [tf_keras.layers.Input((*size, 2)), original_layer])
        port_layer = ConvBayes(rank, 3, 3, flipout=flipout)
        port = keras.Sequential([keras.Input((*size, 2)), port_layer])
        port.set_weights(original.get_weights())
        a = original(x)
        q = port_layer.posterior()
        if flipout:  # the signs are not kept: the port draws its own
            port_layer(x)
        else:  # the original's kernel draw, given to the port
            draw = original_layer.kernel_posterior_tensor
            b = port_layer(x, noise=(draw - q.mean()) / q.stddev())
        rows = [
            compare("posterior loc", original_layer.kernel_posterior.mean(),
                    q.mean()),
            compare("sd", original_layer.kernel_posterior.stddev(),
                    q.stddev()),
            compare("KL", original.losses[0], port_layer.losses[0]),
        ]
        if not flipout:
            rows.append(compare("output", a, b))
        print(f"Convolution{rank}D{kind}: " + ", ".join(rows))
    # Flipout: the noise statistics of the original, of the port and of the
    # port without Flipout, all with the original's weights.
    shared = ConvBayes(rank, 3, 3, flipout=False)
    keras.Sequential([keras.Input((*size, 2)), shared]).set_weights(
        original.get_weights())
    zero = keras.ops.zeros(q.event_shape)  # the exact mean: no kernel noise
    mean = np.asarray(shared(x[:1], noise=zero))
    reference = noise_statistics(original_layer, x[:1], mean)
    print(f"  noise across {ROWS} equal examples, {CALLS} calls "
          "(mean ± SE): correlation, spread")
    print(f"    {f'Convolution{rank}DFlipout':22}" + "".join(
        f"{m:>8.3f} ± {se:.3f}" for m, se in reference))
    for label, layer in (("port, flipout=True", port_layer),
                         ("port, flipout=False", shared)):
        stats = noise_statistics(layer, x[:1], mean)
        rows = [(abs(m_a - m_b), max(K * np.hypot(se_a, se_b), 1e-5))
                for (m_a, se_a), (m_b, se_b) in zip(reference, stats)]
        print(f"    {label:22}" + "".join(
            f"{m:>8.3f} ± {se:.3f}" for m, se in stats)
            + "  |diff| " + ", ".join(f"{d:.3f}" for d, _ in rows)
            + "; tolerance " + ", ".join(f"{t:.3f}" for _, t in rows)
            + f": {all(d <= t for d, t in rows)}")
