# A scale that underflows to 0 gives a nan loss; one step later every
# weight the nan gradient reaches is nan. Two ways to stop at the first nan.
import os

# Keep TensorFlow's C++ log of the failing op (a long dump) off the output.
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"  # before TensorFlow is imported

import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions
keras.utils.set_random_seed(0)
x = np.ones((8, 1), "float32")
y = np.zeros((8, 1), "float32")


def nll(y_true, params):  # softplus(-200) is 0 in float32
    scale = tf.math.softplus(params[:, 1:])
    return -tfd.Normal(params[:, :1], scale).log_prob(y_true)


def make_model():
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(2)])
    model.set_weights([np.zeros((1, 2), "float32"),
                       np.array([0.5, -200.0], "float32")])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss=nll)
    return model


model = make_model()
history = model.fit(x, y, epochs=3, verbose=0)
print("loss per epoch:", history.history["loss"])
print("nan weights after training:",
      [int(np.isnan(w).sum()) for w in model.get_weights()], "of",
      [w.size for w in model.get_weights()])

history = make_model().fit(x, y, epochs=3, verbose=0,
                           callbacks=[keras.callbacks.TerminateOnNaN()])
print("with TerminateOnNaN, epochs run:", len(history.history["loss"]))

tf.debugging.enable_check_numerics()  # every op checks its output
try:
    make_model().fit(x, y, epochs=3, verbose=0)
except tf.errors.InvalidArgumentError as error:
    lines = [line.strip() for line in error.message.splitlines()]
    print("with enable_check_numerics:", [x for x in lines if "NaN" in x][0])
