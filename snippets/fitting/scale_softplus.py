# The fix: scale = 1e-3 + softplus(raw). Always positive, never below 1e-3; the
# loss falls.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions
keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, (256, 1)).astype("float32")
y = (2 * x + 0.3 * rng.normal(size=(256, 1))).astype("float32")


def nll(y_true, params):
    scale = 1e-3 + tf.math.softplus(params[:, 1:])
    return -tfd.Normal(loc=params[:, :1], scale=scale).log_prob(y_true)


model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(2)])
model.compile(optimizer=keras.optimizers.Adam(0.05), loss=nll)
history = model.fit(x, y, epochs=30, batch_size=32, verbose=0)
print("loss every 5 epochs:", np.round(history.history["loss"][::5], 3))
params = model.predict(np.array([[-1.0], [0.0], [1.0]], "float32"), verbose=0)
print("mean at x=-1, 0, 1:", np.round(params[:, 0], 2))
print(
    "scale at x=-1, 0, 1:",
    np.round(1e-3 + np.logaddexp(0.0, params[:, 1]), 2),
    "(data: 0.3)",
)
