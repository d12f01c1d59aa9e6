# The BNN port on the JAX backend: the same layer, TFP's JAX substrate for
# the distributions and bijectors, the same tf.data pipeline of dicts.
import os

os.environ["KERAS_BACKEND"] = "jax"  # before keras is imported

import keras
import numpy as np
import tensorflow as tf
from tensorflow_probability.substrates import jax as tfp

tfd, tfb = tfp.distributions, tfp.bijectors
FEATURES = [f"x{i}" for i in range(11)]
print("backend:", keras.backend.backend())


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


rng = np.random.default_rng(0)


def make_data(n):
    x = rng.normal(size=(n, 11)).astype("float32")
    mean = (5.6 + 0.5 * x[:, 0] - 0.3 * x[:, 1]
            + 0.3 * np.tanh(x[:, 2] * x[:, 3]))
    y = mean + (0.3 + 0.2 * np.abs(x[:, 0])) * rng.normal(size=n)
    features = {f: x[:, i:i + 1] for i, f in enumerate(FEATURES)}
    return features, y[:, None].astype("float32")


train_size, batch_size, epochs = 300, 32, 30
x, y = make_data(train_size)
x_test, y_test = make_data(200)
train = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(
    train_size, seed=0).batch(batch_size)

keras.utils.set_random_seed(0)
inputs = {f: keras.Input((1,), name=f) for f in FEATURES}
h = keras.layers.BatchNormalization()(
    keras.layers.concatenate(list(inputs.values())))
for units in (8, 8):
    h = DenseVariationalTriL(units, 1 / train_size, "sigmoid")(h)
port = keras.Model(inputs, keras.layers.Dense(2)(h))
port.compile(optimizer=keras.optimizers.RMSprop(0.01), loss=nll,
             metrics=[MeanRMSE()])
# The Dataset shuffles; shuffle=False keeps Keras 3 from warning.
port.fit(train, epochs=epochs, verbose=0, shuffle=False)

log_probs, means = [], []
for _ in range(20):  # each call draws new weights
    dist = independent_normal(port(x_test))
    log_probs.append(np.asarray(dist.log_prob(y_test)))
    means.append(np.asarray(dist.mean())[:, 0])
nll_test = -np.mean(np.logaddexp.reduce(log_probs, axis=0) - np.log(20))
rmse = np.sqrt(np.mean((np.mean(means, axis=0) - y_test[:, 0]) ** 2))
print(f"held-out NLL {nll_test:.2f}, RMSE of the mean {rmse:.2f}")
