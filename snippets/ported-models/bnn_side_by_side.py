# The Bayesian neural network of Keras's "Probabilistic Bayesian Neural
# Networks" example (full-covariance posterior, fixed prior, IndependentNormal
# output) and its Keras 3 port, trained from the same start on the same data.

import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd, tfb, tfpl = tfp.distributions, tfp.bijectors, tfp.layers
FEATURES = [f"x{i}" for i in range(11)]


# ---- The Keras 3 port ----
class DenseVariationalTriL(keras.layers.Layer):
    """Dense layer whose kernel and bias have a full-covariance Normal
    posterior (the same parameter vector as VariableLayer +
    MultivariateNormalTriL) and a fixed standard Normal prior."""

    def __init__(self, units, kl_weight, activation=None, seed=None, **kw):
        super().__init__(**kw)
        self.units, self.kl_weight = units, kl_weight
        self.activation = keras.activations.get(activation)
        self.seed_generator = keras.random.SeedGenerator(seed)

    def build(self, input_shape):
        self.n = (input_shape[-1] + 1) * self.units  # kernel, then bias
        size = self.n + self.n * (self.n + 1) // 2  # loc, then scale_tril
        self.posterior = self.add_weight(shape=(size,), initializer="zeros")

    def distributions(self):
        q = tfd.MultivariateNormalTriL(
            loc=self.posterior[: self.n],
            scale_tril=tfb.FillScaleTriL(diag_shift=1e-5)(
                self.posterior[self.n:]),
        )
        p = tfd.MultivariateNormalDiag(loc=keras.ops.zeros(self.n),
                                       scale_diag=keras.ops.ones(self.n))
        return q, p

    def call(self, inputs):
        q, p = self.distributions()
        self.add_loss(self.kl_weight * tfd.kl_divergence(q, p))  # exact KL
        noise = keras.random.normal((self.n, 1), seed=self.seed_generator)
        w = q.loc + keras.ops.matmul(q.scale_tril, noise)[:, 0]
        d = inputs.shape[-1]
        kernel = keras.ops.reshape(w[: d * self.units], (d, self.units))
        outputs = keras.ops.matmul(inputs, kernel) + w[d * self.units:]
        return self.activation(outputs)

    def get_config(self):
        return {**super().get_config(), "units": self.units,
                "kl_weight": self.kl_weight,
                "activation": keras.activations.serialize(self.activation)}


def independent_normal(params):  # what tfpl.IndependentNormal(1) builds
    return tfd.Independent(
        tfd.Normal(params[..., :1], keras.ops.softplus(params[..., 1:])), 1)


def nll(y_true, params):
    return -independent_normal(params).log_prob(y_true)


class MeanRMSE(keras.metrics.RootMeanSquaredError):
    """RMSE of the predicted mean (the first parameter)."""

    def update_state(self, y_true, y_pred, sample_weight=None):
        return super().update_state(y_true, y_pred[..., :1], sample_weight)


def create_port(train_size):
    inputs = {f: keras.Input((1,), name=f) for f in FEATURES}
    h = keras.layers.BatchNormalization()(
        keras.layers.concatenate(list(inputs.values())))
    for units in (8, 8):
        h = DenseVariationalTriL(units, 1 / train_size, "sigmoid")(h)
    return keras.Model(inputs, keras.layers.Dense(2)(h))


# ---- The tfp.layers original (tf_keras) ----
def prior(kernel_size, bias_size, dtype=None):
    n = kernel_size + bias_size
    return tf_keras.Sequential([tfpl.DistributionLambda(
        lambda t: tfd.MultivariateNormalDiag(loc=tf.zeros(n),
                                             scale_diag=tf.ones(n)))])


def posterior(kernel_size, bias_size, dtype=None):
    n = kernel_size + bias_size
    return tf_keras.Sequential([
        tfpl.VariableLayer(tfpl.MultivariateNormalTriL.params_size(n),
                           dtype=dtype),
        tfpl.MultivariateNormalTriL(n),
    ])


def create_original(train_size):
    inputs = {f: tf_keras.Input((1,), name=f) for f in FEATURES}
    h = tf_keras.layers.BatchNormalization()(
        tf_keras.layers.concatenate(list(inputs.values())))
    for units in (8, 8):
        h = tfpl.DenseVariational(units, make_prior_fn=prior,
                                  make_posterior_fn=posterior,
                                  kl_weight=1 / train_size,
                                  activation="sigmoid")(h)
    params = tf_keras.layers.Dense(2)(h)
    return tf_keras.Model(inputs, tfpl.IndependentNormal(1)(params))


# ---- Synthetic tabular data, fed as the example feeds it: tf.data of dicts
rng = np.random.default_rng(0)


def make_data(n):
    x = rng.normal(size=(n, 11)).astype("float32")
    mean = (5.6 + 0.5 * x[:, 0] - 0.3 * x[:, 1]
            + 0.3 * np.tanh(x[:, 2] * x[:, 3]))
    y = mean + (0.3 + 0.2 * np.abs(x[:, 0])) * rng.normal(size=n)
    features = {f: x[:, i:i + 1] for i, f in enumerate(FEATURES)}
    return features, y[:, None].astype("float32")


train_size, batch_size, epochs = 300, 32, 20
x, y = make_data(train_size)
x_test, y_test = make_data(200)
train = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(
    train_size, seed=0).batch(batch_size)

tf_keras.utils.set_random_seed(0)
original = create_original(train_size)
original.compile(optimizer=tf_keras.optimizers.RMSprop(0.01),
                 loss=lambda y, dist: -dist.log_prob(y),
                 metrics=[tf_keras.metrics.RootMeanSquaredError()])
keras.utils.set_random_seed(0)
port = create_port(train_size)
port.compile(optimizer=keras.optimizers.RMSprop(0.01), loss=nll,
             metrics=[MeanRMSE()])
# The same start: copy the original's initial weights, layer by layer.
for a, b in zip([l for l in original.layers if l.weights],
                [l for l in port.layers if l.weights]):
    b.set_weights(a.get_weights())


# One epoch of each in turn.
for epoch in range(epochs):
    for model in (original, port):
        # The Dataset shuffles; shuffle=False keeps Keras 3 from warning.
        model.fit(train, epochs=1, verbose=0, shuffle=False)


def evaluate(predictive, draws=10):
    """Held-out NLL of the predictive mixture, RMSE of its mean, and the
    90% interval's coverage, over `draws` weight draws."""
    log_probs, means, samples = [], [], []
    for _ in range(draws):  # each call draws new weights
        dist = predictive(x_test)
        log_probs.append(np.asarray(dist.log_prob(y_test)))
        means.append(np.asarray(dist.mean())[:, 0])
        samples.append(np.asarray(dist.sample())[:, 0])
    log_mixture = np.logaddexp.reduce(log_probs, axis=0) - np.log(draws)
    nll_test = -np.mean(log_mixture)
    rmse = np.sqrt(np.mean((np.mean(means, axis=0) - y_test[:, 0]) ** 2))
    low, high = np.percentile(samples, [5, 95], axis=0)
    coverage = np.mean((y_test[:, 0] >= low) & (y_test[:, 0] <= high))
    return nll_test, rmse, coverage


results = {"tfp.layers": evaluate(original),
           "Keras 3 port": evaluate(lambda t: independent_normal(port(t)))}
print(f"{'':13}{'NLL':>7}{'RMSE':>7}{'90% cov':>9}")
for name, (n, r, c) in results.items():
    print(f"{name:13}{n:7.2f}{r:7.2f}{c:9.2f}")

# The 90% predictive band along x0, the other features at 0 (the figure).
grid = np.linspace(-2, 2, 9, dtype="float32")
cols = {f: np.zeros((9, 1), "float32") for f in FEATURES}
cols["x0"] = grid[:, None]
series = {"x0": [float(v) for v in grid]}
for name, predictive in (("tfp", original),
                         ("port", lambda t: independent_normal(port(t)))):
    draws = np.stack([np.asarray(predictive(cols).sample())[:, 0]
                      for _ in range(20)])
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
    x = series["x0"]
    ax.fill_between(x, series["tfp:lo"], series["tfp:hi"], alpha=0.3,
                    label="tfp.layers original")
    ax.plot(x, series["port:lo"], "C1--", label="Keras 3 port")
    ax.plot(x, series["port:hi"], "C1--")
    true = [5.6 + 0.5 * v for v in x]
    ax.plot(x, [m - 1.645 * (0.3 + 0.2 * abs(v)) for m, v in zip(true, x)],
            "k:", label="true 90% band")
    ax.plot(x, [m + 1.645 * (0.3 + 0.2 * abs(v)) for m, v in zip(true, x)],
            "k:")
    ax.set(xlabel="x0 (other features 0)", ylabel="y",
           title="Bayesian neural network: 90% predictive band")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})


plot(series, "bnn_side_by_side.png")
