# The fix: loss(y_true, y_pred), and the loss builds the distribution from
# y_pred.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions
keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, (256, 1)).astype("float32")
y = (2 * x + 0.3 * rng.normal(size=(256, 1))).astype("float32")


def nll(y_true, params):  # Keras passes targets first, the model output second
    scale = 1e-3 + tf.math.softplus(params[:, 1:])
    return -tfd.Normal(loc=params[:, :1], scale=scale).log_prob(y_true)


model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(2)])
model.compile(optimizer=keras.optimizers.Adam(0.05), loss=nll)
history = model.fit(x, y, epochs=20, batch_size=32, verbose=0)
print("loss every 5 epochs:", np.round(history.history["loss"][::5], 3))
