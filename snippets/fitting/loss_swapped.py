# Raises: ValueError
# Arguments swapped: Keras always calls loss(y_true, y_pred), whatever the
# names say.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions
keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, (256, 1)).astype("float32")
y = (2 * x + 0.3 * rng.normal(size=(256, 1))).astype("float32")


def nll(params, y_true):  # wrong order: params receives the targets
    scale = 1e-3 + tf.math.softplus(params[:, 1:])
    return -tfd.Normal(loc=params[:, :1], scale=scale).log_prob(y_true)


model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(2)])
model.compile(optimizer="adam", loss=nll)
model.fit(x, y, epochs=1, verbose=0)
