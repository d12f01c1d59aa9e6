# A Normal whose scale is a raw Dense output: no error, the loss is nan from
# the first epoch.
import keras
import numpy as np
import tensorflow_probability as tfp

tfd = tfp.distributions
print(
    "Normal(0, -1).log_prob(0.5):", tfd.Normal(0.0, -1.0).log_prob(0.5).numpy()
)

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, (256, 1)).astype("float32")
y = (2 * x + 0.3 * rng.normal(size=(256, 1))).astype("float32")


def nll(y_true, params):
    # scale is the second output, unconstrained: about half the rows are
    # negative
    return -tfd.Normal(loc=params[:, :1], scale=params[:, 1:]).log_prob(y_true)


model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(2)])
model.compile(optimizer=keras.optimizers.Adam(0.05), loss=nll)
history = model.fit(x, y, epochs=5, batch_size=32, verbose=0)
print("loss per epoch:", np.round(history.history["loss"], 3))
scale = model.predict(x, verbose=0)[:, 1]
print("rows with a negative scale:", int((scale < 0).sum()), "of", len(scale))
print(
    "weights all finite:",
    all(np.isfinite(w).all() for w in model.get_weights()),
)
