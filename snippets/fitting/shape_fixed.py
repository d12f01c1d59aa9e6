# The fix: targets of shape (n, 1), the same as the distribution's batch shape.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions
keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, (256, 1)).astype("float32")
y = (2 * x[:, 0] + 0.3 * rng.normal(size=256)).astype("float32")
y = y.reshape(-1, 1)  # (256,) -> (256, 1)


def nll(y_true, params):
    dist = tfd.Normal(
        loc=params[:, :1], scale=1e-3 + tf.math.softplus(params[:, 1:])
    )
    tf.debugging.assert_equal(
        tf.shape(y_true), tf.shape(dist.loc), "y_true and loc differ"
    )
    return -dist.log_prob(y_true)


model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(2)])
print("log_prob shape for a batch of 32:", nll(y[:32], model(x[:32])).shape)
model.compile(optimizer=keras.optimizers.Adam(0.05), loss=nll)
history = model.fit(x, y, epochs=20, batch_size=32, verbose=0)
print("loss every 5 epochs:", np.round(history.history["loss"][::5], 3))
params = model.predict(np.array([[-1.0], [0.0], [1.0]], "float32"), verbose=0)
print("mean at x=-1, 0, 1:", np.round(params[:, 0], 2), "(data: -2, 0, 2)")
