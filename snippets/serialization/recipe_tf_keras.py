# Recipe, tf_keras + tfp.layers: a registered subclassed model and a registered
# loss,
# saved as .keras and loaded in safe mode (the default), compiled, ready to
# train on.
import numpy as np
import tensorflow_probability as tfp
import tf_keras

tfpl = tfp.layers


@tf_keras.saving.register_keras_serializable(package="demo")
class NormalRegression(tf_keras.Model):
    def __init__(self, units=1, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.dense = tf_keras.layers.Dense(
            tfpl.IndependentNormal.params_size(units)
        )
        self.head = tfpl.IndependentNormal(
            units
        )  # built in code, never read from the file

    def call(self, inputs):
        return self.head(self.dense(inputs))

    def get_config(self):
        return {**super().get_config(), "units": self.units}


@tf_keras.saving.register_keras_serializable(package="demo")
def nll(y_true, dist):
    return -dist.log_prob(y_true)


rng = np.random.default_rng(0)
x = rng.normal(size=(64, 1)).astype("float32")
y = (2 * x + rng.normal(scale=0.5, size=(64, 1))).astype("float32")
x_test = np.linspace(-1, 1, 5, dtype="float32").reshape(-1, 1)

tf_keras.utils.set_random_seed(0)
model = NormalRegression()
model.compile(optimizer=tf_keras.optimizers.Adam(0.05), loss=nll)
model.fit(x, y, epochs=5, verbose=0)
model.save("model.keras")

reloaded = tf_keras.models.load_model(
    "model.keras"
)  # safe_mode=True, compile=True
before, after = model(x_test), reloaded(x_test)
print(
    "reloaded:",
    type(reloaded).__name__,
    "with last layer",
    type(reloaded.layers[-1]).__name__,
)
print(
    "mean matches (np.allclose, atol=1e-6):",
    np.allclose(before.mean(), after.mean(), atol=1e-6),
)
print(
    "stddev matches (np.allclose, atol=1e-6):",
    np.allclose(before.stddev(), after.stddev(), atol=1e-6),
)
print("optimizer steps restored:", int(reloaded.optimizer.iterations))
loss = reloaded.fit(x, y, epochs=1, verbose=0).history["loss"][-1]
print(
    f"one more epoch on the reloaded model: loss {loss:.4f}, "
    f"finite: {np.isfinite(loss)}"
)
