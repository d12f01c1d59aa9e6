# Fix: the Keras 3 model outputs the parameters; the loss builds the
# distribution.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions


def normal_from(params):
    return tfd.Normal(
        loc=params[..., :1], scale=1e-3 + tf.math.softplus(params[..., 1:])
    )


def nll(y_true, params):
    return -normal_from(params).log_prob(y_true)


keras.utils.set_random_seed(0)
x = np.linspace(-1, 1, 64, dtype="float32")[:, None]
y = 2 * x + 0.1 * np.random.default_rng(0).normal(size=x.shape).astype(
    "float32"
)
model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(2)])
model.compile(optimizer=keras.optimizers.Adam(0.05), loss=nll)
history = model.fit(x, y, epochs=40, verbose=0)
print(
    "loss, first and last epoch:",
    round(history.history["loss"][0], 3),
    round(history.history["loss"][-1], 3),
)
dist = normal_from(
    model.predict(np.array([[0.5]], dtype="float32"), verbose=0)
)
print(
    "at x=0.5: mean",
    round(float(dist.mean()[0, 0]), 3),
    "stddev",
    round(float(dist.stddev()[0, 0]), 3),
)
