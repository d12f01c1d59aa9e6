# Fix: for a discrete target, output the (log) rate and put the distribution in
# the loss.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions


def poisson_nll(y_true, log_rate):
    return -tfd.Poisson(log_rate=log_rate).log_prob(y_true)


keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, (256, 1)).astype("float32")
y = rng.poisson(np.exp(1 + x)).astype("float32")  # true log rate: 1 + x

model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(0.2), loss=poisson_nll)
history = model.fit(x, y, epochs=40, batch_size=256, verbose=0)
kernel, bias = model.layers[0].get_weights()
print(
    "loss, first and last epoch:",
    round(history.history["loss"][0], 3),
    round(history.history["loss"][-1], 3),
)
print(
    "learned log rate:",
    round(float(bias[0]), 2),
    "+",
    round(float(kernel[0, 0]), 2),
    "* x",
)
