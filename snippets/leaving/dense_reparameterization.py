# DenseReparameterization, DenseFlipout, DenseLocalReparameterization -> one
# Keras 3 layer. Same weights: same posterior and KL; same noise: same output
# (reparameterization, local reparameterization). Then two statistics of the
# noise across a batch, on which each original agrees with its own port only.
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
# estimator: "reparameterization" (one kernel draw per call), "flipout" (that
# draw with random signs per example) or "local" (each output drawn from its
# Normal: mean x @ loc, variance x**2 @ scale**2).
class DenseBayes(keras.layers.Layer):
    def __init__(self, units, kl_weight=1.0, estimator="reparameterization",
                 seed=None, **kwargs):
        super().__init__(**kwargs)
        self.units, self.kl_weight = units, kl_weight
        self.estimator = estimator
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
        mean = keras.ops.matmul(inputs, self.kernel_loc) + self.bias
        if self.estimator == "local":  # noise: one per output
            sd = keras.ops.sqrt(keras.ops.matmul(inputs**2, q.variance()))
            if noise is None:
                noise = keras.random.normal(keras.ops.shape(sd),
                                            seed=self.seed_generator)
            return mean + sd * noise
        if noise is None:  # noise: one per kernel entry
            noise = keras.random.normal(q.event_shape,
                                        seed=self.seed_generator)
        delta = q.stddev() * noise  # kernel draw minus kernel mean
        if self.estimator == "reparameterization":
            return mean + keras.ops.matmul(inputs, delta)

        def signs(shape):  # Flipout: random signs per example
            bits = keras.random.randint(shape, 0, 2, seed=self.seed_generator)
            return keras.ops.cast(2 * bits - 1, inputs.dtype)

        batch = keras.ops.shape(inputs)[:-1]
        s_in, s_out = signs(keras.ops.shape(inputs)), signs((*batch,
                                                              self.units))
        return mean + keras.ops.matmul(inputs * s_in, delta) * s_out

    def get_config(self):
        return {**super().get_config(), "units": self.units,
                "kl_weight": self.kl_weight, "estimator": self.estimator}


def normal_from(params):
    scale = 1e-3 + tf.math.softplus(params[..., 1:])
    return tfd.Normal(params[..., :1], scale)


CALLS, ROWS = 200, 16


def noise_statistics(layer, row, mean, variance):
    """Call `layer` CALLS times on ROWS copies of `row`; `mean` and
    `variance` are the output's exact mean and variance, x @ loc + bias and
    x**2 @ scale**2. Per call and output: the correlation of the noise
    between two rows (1: one shared kernel draw; 0: independent or
    sign-flipped noise), and the spread of the squared noise over the rows,
    var / mean**2 (0: equal rows; largest for independent draws; Flipout's
    rows share |kernel draw| and lie between). Returns each one's mean over
    the calls and its standard error: the calls are independent, so
    sd / sqrt(CALLS). Last, the marginal check: the largest z-score of the
    first row's mean and variance over the calls against the exact ones."""
    call = tf.function(lambda: layer(np.repeat(row, ROWS, axis=0)))
    noise = np.stack([np.asarray(call()) for _ in range(CALLS)]) - mean
    noise = noise.reshape(CALLS, ROWS, -1).astype("float64")
    total, squares = noise.sum(1) ** 2, (noise**2).sum(1)
    corr = ((total - squares) / ((ROWS - 1) * squares)).mean(1)
    spread = ((noise**2).var(1) / (noise**2).mean(1) ** 2).mean(1)
    first = noise[:, 0]  # one row: CALLS independent draws per output
    z_mean = first.mean(0) / np.sqrt(variance / CALLS)
    z_var = (first.var(0, ddof=1) / variance - 1) / np.sqrt(2 / (CALLS - 1))
    marginal = np.max(np.abs(z_mean)), np.max(np.abs(z_var))
    return [(s.mean(), s.std(ddof=1) / np.sqrt(CALLS))
            for s in (corr, spread)], marginal


rng = np.random.default_rng(0)
x = rng.normal(size=(20, 3)).astype("float32")
y = rng.normal(size=(20, 1)).astype("float32")
originals = {
    "reparameterization": tfpl.DenseReparameterization(2),
    "flipout": tfpl.DenseFlipout(2),
    "local": tfpl.DenseLocalReparameterization(2),
}
ports, weights = {}, None
for estimator, original_layer in originals.items():
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
    weights = weights or original.get_weights()  # all six: the same weights
    original.set_weights(weights)
    port_layer = ports[estimator] = DenseBayes(2, estimator=estimator)
    keras.Sequential([keras.Input((3,)), port_layer]).set_weights(weights)
    a = original(x)
    q = port_layer.posterior()
    noise = None  # Flipout's signs are not kept: the port draws its own
    if estimator == "local":  # the original's noise, given to the port
        d = original_layer.kernel_posterior_affine
        draw = original_layer.kernel_posterior_affine_tensor
        noise = (draw - d.loc) / d.scale
    elif estimator == "reparameterization":
        draw = original_layer.kernel_posterior_tensor
        noise = (draw - q.mean()) / q.stddev()
    b = normal_from(port_layer(x, noise=noise))
    rows = [
        ("posterior loc", original_layer.kernel_posterior.mean(), q.mean()),
        ("posterior sd", original_layer.kernel_posterior.stddev(),
         q.stddev()),
        ("KL", original.losses[0], port_layer.losses[0]),
    ]
    if noise is not None:
        rows += [
            ("mean", a.mean(), b.mean()),
            ("stddev", a.stddev(), b.stddev()),
            ("log_prob", a.log_prob(y), b.log_prob(y)),
        ]
    print(type(original_layer).__name__)
    for label, u, v in rows:
        u, v = np.asarray(u), np.asarray(v)
        print(
            f"  {label:14} max |diff| {np.max(np.abs(u - v)):.1e}"
            f"  allclose(rtol=1e-05, atol=1e-05): "
            f"{np.allclose(u, v, rtol=1e-5, atol=1e-5)}"
        )

# Tolerance: K standard errors of the difference of two means (a true
# equality fails it with probability 6e-5 per statistic), at least 1e-5
# (float32 rounding, where a statistic has no sampling error).
K = 4
row, q = x[:1], ports["local"].posterior()
mean = np.asarray(row @ q.mean() + ports["local"].bias)
variance = np.asarray(row**2 @ q.variance())
stats, marginals = {}, []
print(f"Noise across {ROWS} equal rows, {CALLS} calls: mean ± SE; "
      "marginal: largest |z| of mean, variance")
print(f"  {'':37}{'correlation':>17}{'spread':>17}{'marginal':>13}")
for estimator in originals:
    for kind, layer in (("original", originals[estimator]),
                        ("port", ports[estimator])):
        label = (type(layer).__name__ if kind == "original"
                 else f'port, estimator="{estimator}"')
        stats[kind, estimator], marginal = noise_statistics(
            layer, row, mean, variance)
        print(f"  {label:37}" + "".join(
            f"{m:>9.3f} ± {se:.3f}" for m, se in stats[kind, estimator])
            + "".join(f"{z:>6.2f}" for z in marginal))
        marginals += marginal
print(f"Marginal check, |z| <= {K} for all six (it cannot tell them apart): "
      f"{max(marginals) <= K}")


def agree(a, b):
    """|diff| and tolerance per statistic, and whether all are within."""
    rows = [(abs(m_a - m_b), max(K * np.hypot(se_a, se_b), 1e-5))
            for (m_a, se_a), (m_b, se_b) in zip(a, b)]
    return rows, all(diff <= tol for diff, tol in rows)


print("Original vs its port: |diff| (tolerance) of correlation, spread")
for estimator in originals:
    rows, _ = agree(stats["original", estimator], stats["port", estimator])
    print(f"  {type(originals[estimator]).__name__:29}"
          + "".join(f"{diff:>8.3f} ({tol:.3f})" for diff, tol in rows))
print(f"Original vs each port: within {K} SE on both statistics?")
for estimator in originals:
    verdicts = [agree(stats["original", estimator], stats["port", other])[1]
                for other in originals]
    print(f"  {type(originals[estimator]).__name__:29}" + ", ".join(
        f"{other} {same}" for other, same in zip(originals, verdicts)))
