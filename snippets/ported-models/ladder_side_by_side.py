# The regression ladder of TFP's "Regression with Probabilistic Layers":
# aleatoric only, epistemic only, both. Each tfp.layers original and its
# Keras 3 port, trained from the same start on the same 1-D data.

import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd, tfpl = tfp.distributions, tfp.layers
C = np.log(np.expm1(1.0))  # softplus(C) == 1


# ---- The Keras 3 ports ----
class DenseVariational(keras.layers.Layer):
    """Mean-field Normal posterior, trainable-mean prior: the weights
    [posterior loc | raw scale] and [prior loc], as the original holds them."""

    def __init__(self, units, kl_weight, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.units, self.kl_weight = units, kl_weight
        self.seed_generator = keras.random.SeedGenerator(seed)

    def build(self, input_shape):
        n = (input_shape[-1] + 1) * self.units  # kernel, then bias
        self.posterior = self.add_weight(shape=(2 * n,), initializer="zeros")
        self.prior_loc = self.add_weight(shape=(n,), initializer="zeros")

    def call(self, inputs):
        n = self.prior_loc.shape[0]
        scale = 1e-5 + keras.ops.softplus(C + self.posterior[n:])
        q = tfd.Independent(tfd.Normal(self.posterior[:n], scale), 1)
        p = tfd.Independent(tfd.Normal(self.prior_loc.value, 1.0), 1)
        self.add_loss(self.kl_weight * tfd.kl_divergence(q, p))
        noise = keras.random.normal((n,), seed=self.seed_generator)
        w = self.posterior[:n] + scale * noise
        k = inputs.shape[-1] * self.units
        kernel = keras.ops.reshape(w[:k], (inputs.shape[-1], self.units))
        return keras.ops.matmul(inputs, kernel) + w[k:]


def normal_from(params, scale_factor):  # the originals' Normal heads
    if scale_factor is None:  # epistemic only: unit scale
        return tfd.Normal(params, 1.0)
    return tfd.Normal(params[..., :1], 1e-3 + keras.ops.softplus(
        scale_factor * params[..., 1:]))


def ports(n):
    return {
        "aleatoric": (keras.layers.Dense(2), 0.05),
        "epistemic": (DenseVariational(1, kl_weight=1 / n), None),
        "both": (DenseVariational(2, kl_weight=1 / n), 0.01),
    }


# ---- The tfp.layers originals (tf_keras) ----
def posterior_mean_field(kernel_size, bias_size=0, dtype=None):
    n = kernel_size + bias_size
    return tf_keras.Sequential([
        tfpl.VariableLayer(2 * n, dtype=dtype),
        tfpl.DistributionLambda(lambda t: tfd.Independent(
            tfd.Normal(loc=t[..., :n],
                       scale=1e-5 + tf.nn.softplus(C + t[..., n:])), 1)),
    ])


def prior_trainable(kernel_size, bias_size=0, dtype=None):
    n = kernel_size + bias_size
    return tf_keras.Sequential([
        tfpl.VariableLayer(n, dtype=dtype),
        tfpl.DistributionLambda(
            lambda t: tfd.Independent(tfd.Normal(loc=t, scale=1), 1)),
    ])


def originals(n):
    return {
        "aleatoric": [
            tf_keras.layers.Dense(1 + 1),
            tfpl.DistributionLambda(lambda t: tfd.Normal(
                loc=t[..., :1],
                scale=1e-3 + tf.math.softplus(0.05 * t[..., 1:])))],
        "epistemic": [
            tfpl.DenseVariational(1, posterior_mean_field, prior_trainable,
                                  kl_weight=1 / n),
            tfpl.DistributionLambda(lambda t: tfd.Normal(loc=t, scale=1))],
        "both": [
            tfpl.DenseVariational(1 + 1, posterior_mean_field,
                                  prior_trainable, kl_weight=1 / n),
            tfpl.DistributionLambda(lambda t: tfd.Normal(
                loc=t[..., :1],
                scale=1e-3 + tf.math.softplus(0.01 * t[..., 1:])))],
    }


# ---- The example's data: a wavy line, noise growing with x ----
rng = np.random.default_rng(0)


def make_data(n):
    x = rng.uniform(-20, 60, (n, 1))
    noise_sd = 3 * (0.25 + ((x + 20) / 80) ** 2)
    y = 0.125 * x * (1 + np.sin(x)) + 5 + noise_sd * rng.normal(size=(n, 1))
    return x.astype("float32"), y.astype("float32")


n, epochs = 150, 40
x, y = make_data(n)
x_test, y_test = make_data(300)


def evaluate(predictive, draws=10):
    """Held-out NLL of the predictive mixture; 90% interval coverage."""
    log_probs, samples = [], []
    for _ in range(draws):  # a variational model draws new weights each call
        dist = predictive(x_test)
        log_probs.append(np.asarray(dist.log_prob(y_test))[:, 0])
        samples.append(np.asarray(dist.sample())[:, 0])
    nll = -np.mean(np.logaddexp.reduce(log_probs, axis=0) - np.log(draws))
    low, high = np.percentile(samples, [5, 95], axis=0)
    return nll, np.mean((y_test[:, 0] >= low) & (y_test[:, 0] <= high))


grid = np.linspace(-20, 60, 9, dtype="float32")[:, None]
series = {"x": [float(v) for v in grid[:, 0]]}
print(f"{'rung':10}{'model':13}{'NLL':>6}{'90% cov':>9}")
for rung in ("aleatoric", "epistemic", "both"):
    tf_keras.utils.set_random_seed(0)
    original = tf_keras.Sequential(
        [tf_keras.Input((1,)), *originals(n)[rung]])
    original.compile(optimizer=tf_keras.optimizers.Adam(0.05),
                     loss=lambda y, dist: -dist.log_prob(y))
    keras.utils.set_random_seed(0)
    layer, scale_factor = ports(n)[rung]
    port = keras.Sequential([keras.Input((1,)), layer])
    port.compile(optimizer=keras.optimizers.Adam(0.05),
                 loss=lambda y, p, s=scale_factor:
                 -normal_from(p, s).log_prob(y))
    port.set_weights(original.get_weights())  # the same start
    for model in (port, original):
        model.fit(x, y, epochs=epochs, batch_size=32, verbose=0)
    for name, predictive in (
            ("tfp.layers", original),
            ("Keras 3 port", lambda t: normal_from(port(t), scale_factor))):
        nll, coverage = evaluate(predictive)
        print(f"{rung:10}{name:13}{nll:6.2f}{coverage:9.2f}")
        draws = np.stack([np.asarray(predictive(grid).sample())[:, 0]
                          for _ in range(30)])
        low, high = np.percentile(draws, [5, 95], axis=0)
        key = f"{rung[:3]}:{'o' if name == 'tfp.layers' else 'p'}"
        series[f"{key}:lo"] = [float(f"{v:.3g}") for v in low]
        series[f"{key}:hi"] = [float(f"{v:.3g}") for v in high]

print()
print(" ".join(f"{name:>8}" for name in series))
for row in zip(*series.values()):
    print(" ".join(f"{v:>8.3g}" for v in row))


def plot(series, path):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9.6, 3.2), dpi=100)
    axes = fig.subplots(1, 3, sharey=True)
    x = series["x"]
    for ax, (rung, title) in zip(axes, (("ale", "aleatoric only"),
                                        ("epi", "epistemic only"),
                                        ("bot", "both"))):
        ax.fill_between(x, series[f"{rung}:o:lo"], series[f"{rung}:o:hi"],
                        alpha=0.3, label="tfp.layers original")
        ax.plot(x, series[f"{rung}:p:lo"], "C1--", label="Keras 3 port")
        ax.plot(x, series[f"{rung}:p:hi"], "C1--")
        ax.set(xlabel="x", title=title)
    axes[0].set_ylabel("y, 90% predictive band")
    axes[0].legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})


plot(series, "ladder_side_by_side.png")
