# validate_args=True without run_eagerly=True: the same check fails inside
# the compiled training step, as a "Graph execution error".
import os

# Keep TensorFlow's C++ log of the failing op (a long dump) off the output.
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"  # before TensorFlow is imported

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
    dist = tfd.Normal(
        loc=params[:, :1], scale=params[:, 1:], validate_args=True
    )
    return -dist.log_prob(y_true)


model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(2)])
model.compile(optimizer=keras.optimizers.Adam(0.05), loss=nll)
try:
    model.fit(x, y, epochs=5, batch_size=32, verbose=0)
except tf.errors.InvalidArgumentError as error:
    # The message runs to a long traceback of graph nodes; its first line,
    # and the line that names the problem:
    lines = str(error).splitlines()
    print(type(error).__name__ + ":", lines[0])
    print([line for line in lines if "must be positive" in line][0])
