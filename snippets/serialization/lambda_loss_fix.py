# Fix: load with compile=False (the architecture and weights come back), then
# compile again.
import numpy as np
import tensorflow_probability as tfp
import tf_keras

tfd = tfp.distributions
rng = np.random.default_rng(0)
x = rng.normal(size=(64, 1)).astype("float32")
y = (2 * x + rng.normal(scale=0.5, size=(64, 1))).astype("float32")
x_test = np.linspace(-1, 1, 5, dtype="float32").reshape(-1, 1)


def nll(y_true, dist):
    return -dist.log_prob(y_true)


tf_keras.utils.set_random_seed(0)
model = tf_keras.Sequential(
    [
        tf_keras.layers.Input(shape=(1,)),
        tf_keras.layers.Dense(tfp.layers.IndependentNormal.params_size(1)),
        tfp.layers.IndependentNormal(1),
    ]
)
model.compile(optimizer="adam", loss=lambda y, rv: -rv.log_prob(y))
model.fit(x, y, epochs=1, verbose=0)
model.save("model.h5")

reloaded = tf_keras.models.load_model("model.h5", compile=False)
dist = reloaded(x_test)
print(
    "last layer:",
    type(reloaded.layers[-1]).__name__,
    "| returns a distribution:",
    isinstance(dist, tfd.Distribution),
)
print(
    "same mean and stddev (atol 1e-6):",
    np.allclose(dist.mean(), model(x_test).mean(), atol=1e-6)
    and np.allclose(dist.stddev(), model(x_test).stddev(), atol=1e-6),
)
reloaded.compile(
    optimizer="adam", loss=nll
)  # a fresh optimizer: its state was not loaded
loss = reloaded.fit(x, y, epochs=1, verbose=0).history["loss"][-1]
print(f"one more epoch: loss {loss:.4f}, finite: {np.isfinite(loss)}")
