# Recipe, Keras 3 native: the model outputs the distribution's parameters, a
# registered
# loss builds the distribution; .keras saves it and loads it in safe mode (the
# default).
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions


def normal_from(params):
    """The predictive distribution from the two outputs (loc, raw scale)."""
    return tfd.Normal(
        loc=params[..., :1], scale=1e-3 + tf.math.softplus(params[..., 1:])
    )


@keras.saving.register_keras_serializable(package="demo")
def gaussian_nll(y_true, params):
    return -normal_from(params).log_prob(y_true)


rng = np.random.default_rng(0)
x = rng.normal(size=(64, 1)).astype("float32")
y = (2 * x + rng.normal(scale=0.5, size=(64, 1))).astype("float32")
x_test = np.linspace(-1, 1, 5, dtype="float32").reshape(-1, 1)

keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(2)])
model.compile(optimizer=keras.optimizers.Adam(0.05), loss=gaussian_nll)
model.fit(x, y, epochs=5, verbose=0)
model.save("model.keras")

reloaded = keras.saving.load_model(
    "model.keras"
)  # safe_mode=True, compile=True
before, after = normal_from(model(x_test)), normal_from(reloaded(x_test))
print("loss after loading:", reloaded.loss.__name__)
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
