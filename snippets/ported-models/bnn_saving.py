# The BNN port saved as .keras and loaded in safe mode: no lambda in the
# file, so it loads; the reloaded model predicts the same.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd, tfb = tfp.distributions, tfp.bijectors
FEATURES = [f"x{i}" for i in range(11)]


@keras.saving.register_keras_serializable(package="ported")
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


@keras.saving.register_keras_serializable(package="ported")
def nll(y_true, params):
    return -independent_normal(params).log_prob(y_true)


@keras.saving.register_keras_serializable(package="ported")
class MeanRMSE(keras.metrics.RootMeanSquaredError):
    """RMSE of the predicted mean (the first parameter)."""

    def update_state(self, y_true, y_pred, sample_weight=None):
        return super().update_state(y_true, y_pred[..., :1], sample_weight)


rng = np.random.default_rng(0)
x = rng.normal(size=(300, 11)).astype("float32")
y = (5.6 + 0.5 * x[:, :1] + 0.3 * rng.normal(size=(300, 1))).astype("float32")
features = {f: x[:, i:i + 1] for i, f in enumerate(FEATURES)}
train = tf.data.Dataset.from_tensor_slices((features, y)).shuffle(
    300, seed=0).batch(32)

keras.utils.set_random_seed(0)
inputs = {f: keras.Input((1,), name=f) for f in FEATURES}
h = keras.layers.BatchNormalization()(
    keras.layers.concatenate(list(inputs.values())))
for units in (8, 8):
    h = DenseVariationalTriL(units, 1 / 300, "sigmoid")(h)
model = keras.Model(inputs, keras.layers.Dense(2)(h))
model.compile(optimizer=keras.optimizers.RMSprop(0.01), loss=nll,
              metrics=[MeanRMSE()])
# The Dataset shuffles; shuffle=False keeps Keras 3 from warning.
model.fit(train, epochs=3, verbose=0, shuffle=False)
model.save("bnn.keras")

loaded = keras.saving.load_model("bnn.keras", safe_mode=True)
print("loaded:", [type(l).__name__ for l in loaded.layers[-3:]],
      "| loss:", loaded.loss.__name__)
same_weights = all(np.array_equal(a, b) for a, b in
                   zip(model.get_weights(), loaded.get_weights()))
print("weights equal:", same_weights)
# Give both the same seed state, so that both draw the same weights.
for a, b in zip(model.layers, loaded.layers):
    if isinstance(a, DenseVariationalTriL):
        b.seed_generator.state.assign(a.seed_generator.state)
a, b = np.asarray(model(features)), np.asarray(loaded(features))
print("predictions equal at the same draw:", np.array_equal(a, b))
