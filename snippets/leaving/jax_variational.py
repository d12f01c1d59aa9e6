# The DenseVariational port on the JAX backend: the same layer, with TFP's
# JAX substrate for the distributions. No TensorFlow in the model.
import os

os.environ["KERAS_BACKEND"] = "jax"  # before keras is imported

import jax
import keras
import numpy as np
from tensorflow_probability.substrates import jax as tfp

tfd = tfp.distributions
C = np.log(np.expm1(1.0))  # softplus(C) == 1
print("backend:", keras.backend.backend())


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


rng = np.random.default_rng(0)
n_train = 200


def make_data(n):
    x = rng.uniform(-1, 1, (n, 1)).astype("float32")
    return x, (2 * x + 0.3 * rng.normal(size=(n, 1))).astype("float32")


x, y = make_data(n_train)
x_test, y_test = make_data(500)

keras.utils.set_random_seed(0)
port = keras.Sequential(
    [keras.Input((1,)), DenseVariational(2, kl_weight=1 / n_train)]
)
port.compile(optimizer=keras.optimizers.Adam(0.05), loss=nll)
loss = port.fit(x, y, epochs=30, batch_size=4, verbose=0).history["loss"]
print("loss at epochs 1, 10, 20, 30:",
      [round(loss[i], 3) for i in (0, 9, 19, 29)])


def evaluate(predictive, draws=50):
    """Held-out NLL of the predictive mixture, 90% coverage, band on a grid."""
    log_probs, samples = [], []
    for i in range(draws):  # each call draws new weights
        dist = predictive(x_test)
        log_probs.append(np.asarray(dist.log_prob(y_test))[:, 0])
        key = jax.random.PRNGKey(i)  # JAX samplers take a key
        samples.append(np.asarray(dist.sample(seed=key))[:, 0])
    log_probs, samples = np.stack(log_probs), np.stack(samples)
    nll_test = -np.mean(
        np.logaddexp.reduce(log_probs, axis=0) - np.log(draws)
    )
    low, high = np.percentile(samples, [5, 95], axis=0)
    coverage = np.mean((y_test[:, 0] >= low) & (y_test[:, 0] <= high))
    return nll_test, coverage


nll_test, coverage = evaluate(lambda t: normal_from(port(t)))
print(f"held-out NLL {nll_test:.3f}, 90% coverage {coverage:.3f}")
