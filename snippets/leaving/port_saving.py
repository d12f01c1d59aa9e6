# The DenseVariational port saves like any Keras 3 model: .keras file,
# loaded with safe_mode=True, no lambda anywhere; same predictions after.
import keras
import numpy as np
import tensorflow_probability as tfp

tfd = tfp.distributions
C = np.log(np.expm1(1.0))  # softplus(C) == 1


# The Keras 3 port: weights [posterior loc | posterior raw scale] and
# [prior loc], laid out as the original's two VariableLayers hold them.
@keras.saving.register_keras_serializable(package="leaving")
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


@keras.saving.register_keras_serializable(package="leaving")
def nll(y_true, params):
    return -normal_from(params).log_prob(y_true)


rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, (200, 1)).astype("float32")
y = (2 * x + 0.3 * rng.normal(size=(200, 1))).astype("float32")

keras.utils.set_random_seed(0)
model = keras.Sequential(
    [keras.Input((1,)), DenseVariational(2, kl_weight=1 / 200, seed=1)]
)
model.compile(optimizer=keras.optimizers.Adam(0.05), loss=nll)
model.fit(x, y, epochs=20, batch_size=50, verbose=0)
model.save("variational.keras")

loaded = keras.saving.load_model("variational.keras", safe_mode=True)
print("loaded layer:", type(loaded.layers[0]).__name__, "| loss:",
      loaded.loss.__name__)
grid = np.linspace(-1, 1, 5, dtype="float32")[:, None]
fixed = np.zeros(4, "float32")  # noise fixed at 0: the posterior mean
for name, u, v in (
    ("weights", np.concatenate([w.ravel() for w in model.get_weights()]),
     np.concatenate([w.ravel() for w in loaded.get_weights()])),
    ("mean", normal_from(model.layers[0](grid, noise=fixed)).mean(),
     normal_from(loaded.layers[0](grid, noise=fixed)).mean()),
    ("stddev", normal_from(model.layers[0](grid, noise=fixed)).stddev(),
     normal_from(loaded.layers[0](grid, noise=fixed)).stddev()),
):
    u, v = np.asarray(u), np.asarray(v)
    print(f"{name:11} equal after loading (np.array_equal): "
          f"{np.array_equal(u, v)}")
