# DenseVariational and its Keras 3 port, trained on the same data from the
# same initial weights: held-out NLL and 90% interval coverage side by side,
# and the 90% predictive band of each on a grid, which the figure draws.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd, tfpl = tfp.distributions, tfp.layers
C = np.log(np.expm1(1.0))  # softplus(C) == 1


# The Keras 3 port: weights [posterior loc | posterior raw scale] and
# [prior loc], laid out as the original's two VariableLayers hold them.
class DenseVariational(keras.layers.Layer):
    def __init__(self, units, kl_weight, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.units, self.kl_weight = units, kl_weight
        self.seed_generator = keras.random.SeedGenerator(seed)

    def build(self, input_shape):
        n = (input_shape[-1] + 1) * self.units  # kernel, then bias
        self.posterior = self.add_weight(shape=(2 * n,), initializer="zeros")
        self.prior_loc = self.add_weight(shape=(n,), initializer="zeros")

    def distributions(self):
        n = self.prior_loc.shape[0]
        scale = 1e-5 + keras.ops.softplus(C + self.posterior[n:])
        q = tfd.Independent(tfd.Normal(self.posterior[:n], scale), 1)
        p = tfd.Independent(tfd.Normal(self.prior_loc.value, 1.0), 1)
        return q, p

    def call(self, inputs, noise=None):
        q, p = self.distributions()
        self.add_loss(self.kl_weight * tfd.kl_divergence(q, p))
        if noise is None:
            noise = keras.random.normal(
                self.prior_loc.shape, seed=self.seed_generator
            )
        w = q.distribution.loc + q.distribution.scale * noise
        k = inputs.shape[-1] * self.units
        kernel = keras.ops.reshape(w[:k], (inputs.shape[-1], self.units))
        return keras.ops.matmul(inputs, kernel) + w[k:]

    def get_config(self):
        return {**super().get_config(), "units": self.units,
                "kl_weight": self.kl_weight}


def normal_from(params):
    return tfd.Normal(
        loc=params[..., :1],
        scale=1e-3 + keras.ops.softplus(params[..., 1:]),
    )


def nll(y_true, params):
    return -normal_from(params).log_prob(y_true)


def posterior_mean_field(kernel_size, bias_size=0, dtype=None):
    n = kernel_size + bias_size
    return tf_keras.Sequential(
        [
            tfpl.VariableLayer(2 * n, dtype=dtype),
            tfpl.DistributionLambda(
                lambda t: tfd.Independent(
                    tfd.Normal(
                        loc=t[..., :n],
                        scale=1e-5 + tf.nn.softplus(C + t[..., n:]),
                    ),
                    reinterpreted_batch_ndims=1,
                )
            ),
        ]
    )


def prior_trainable(kernel_size, bias_size=0, dtype=None):
    n = kernel_size + bias_size
    return tf_keras.Sequential(
        [
            tfpl.VariableLayer(n, dtype=dtype),
            tfpl.DistributionLambda(
                lambda t: tfd.Independent(
                    tfd.Normal(loc=t, scale=1), reinterpreted_batch_ndims=1
                )
            ),
        ]
    )



rng = np.random.default_rng(0)
n_train = 200


def make_data(n):
    x = rng.uniform(-1, 1, (n, 1)).astype("float32")
    return x, (2 * x + 0.3 * rng.normal(size=(n, 1))).astype("float32")


x, y = make_data(n_train)
x_test, y_test = make_data(500)

tf_keras.utils.set_random_seed(0)
original = tf_keras.Sequential(
    [
        tf_keras.layers.Input((1,)),
        tfpl.DenseVariational(
            2, posterior_mean_field, prior_trainable, kl_weight=1 / n_train
        ),
        tfpl.DistributionLambda(
            lambda t: tfd.Normal(
                t[..., :1], 1e-3 + tf.math.softplus(t[..., 1:])
            )
        ),
    ]
)
original.compile(
    optimizer=tf_keras.optimizers.Adam(0.05),
    loss=lambda y_true, dist: -dist.log_prob(y_true),
)
keras.utils.set_random_seed(0)
port = keras.Sequential(
    [keras.Input((1,)), DenseVariational(2, kl_weight=1 / n_train)]
)
port.compile(optimizer=keras.optimizers.Adam(0.05), loss=nll)
port.set_weights(original.get_weights())  # the same starting point

original.fit(x, y, epochs=30, batch_size=4, verbose=0)
port.fit(x, y, epochs=30, batch_size=4, verbose=0)


def evaluate(predictive, draws=50):
    """Held-out NLL of the predictive mixture and 90% interval coverage."""
    log_probs, samples = [], []
    for _ in range(draws):  # each call draws new weights
        dist = predictive(x_test)
        log_probs.append(np.asarray(dist.log_prob(y_test))[:, 0])
        samples.append(np.asarray(dist.sample())[:, 0])
    log_probs, samples = np.stack(log_probs), np.stack(samples)
    nll_test = -np.mean(
        np.logaddexp.reduce(log_probs, axis=0) - np.log(draws)
    )
    low, high = np.percentile(samples, [5, 95], axis=0)
    coverage = np.mean((y_test[:, 0] >= low) & (y_test[:, 0] <= high))
    return nll_test, coverage


results = {
    "tfp.layers": evaluate(original),
    "Keras 3 port": evaluate(lambda t: normal_from(port(t))),
}
print(f"{'':14}{'held-out NLL':>14}{'90% coverage':>14}")
for name, (nll_test, coverage) in results.items():
    print(f"{name:14}{nll_test:14.3f}{coverage:14.3f}")
true = tfd.Normal(2 * x_test, 0.3)
print(f"{'true model':14}{-np.mean(true.log_prob(y_test)):14.3f}")


grid = np.linspace(-1, 1, 11, dtype="float32")[:, None]
series = {"x": [float(v) for v in grid[:, 0]]}
for name, predictive in (
    ("tfp", original),
    ("port", lambda t: normal_from(port(t))),
):
    draws = np.stack(
        [np.asarray(predictive(grid).sample())[:, 0] for _ in range(50)]
    )
    low, high = np.percentile(draws, [5, 95], axis=0)
    series[f"{name}:lo"] = [float(f"{v:.3g}") for v in low]
    series[f"{name}:hi"] = [float(f"{v:.3g}") for v in high]
print(" ".join(f"{name:>8}" for name in series))
for row in zip(*series.values()):
    print(" ".join(f"{v:>8.3g}" for v in row))


def plot(series, path):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 3.6), dpi=100)
    ax = fig.subplots()
    x = series["x"]
    ax.fill_between(x, series["tfp:lo"], series["tfp:hi"], alpha=0.3,
                    label="tfp.layers original")
    ax.plot(x, series["port:lo"], "C1--", label="Keras 3 port")
    ax.plot(x, series["port:hi"], "C1--")
    ax.plot(x, [2 * v - 1.645 * 0.3 for v in x], "k:", label="true 90% band")
    ax.plot(x, [2 * v + 1.645 * 0.3 for v in x], "k:")
    ax.set(xlabel="x", ylabel="y",
           title="DenseVariational: 90% predictive band")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})


plot(series, "variational_training.png")
