# OneHotCategorical(4): a class out of 4, one-hot targets -> Dense(4)
# logits and a function that builds the same distribution.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd, tfpl = tfp.distributions, tfp.layers
keras.utils.set_random_seed(0)  # Python, NumPy and TensorFlow seeds


# The Keras 3 port: the logits go to a OneHotCategorical.
def one_hot_categorical(logits):
    return tfd.OneHotCategorical(logits=logits, dtype=tf.float32)


def nll(y_true, logits):
    return -one_hot_categorical(logits).log_prob(y_true)


port = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4)])
port.compile(optimizer="adam", loss=nll)

# The tfp.layers original (tf_keras).
original = tf_keras.Sequential(
    [
        tf_keras.layers.Input((3,)),
        tf_keras.layers.Dense(tfpl.OneHotCategorical.params_size(4)),
        tfpl.OneHotCategorical(4),
    ]
)

port.set_weights(original.get_weights())
rng = np.random.default_rng(0)
x = rng.normal(size=(200, 3)).astype("float32")
y = np.eye(4, dtype="float32")[rng.integers(0, 4, size=200)]
a, b = original(x), one_hot_categorical(port(x))
for name, u, v in (
    ("mean", a.mean(), b.mean()),
    ("stddev", a.stddev(), b.stddev()),
    ("log_prob", a.log_prob(y), b.log_prob(y)),
):
    u, v = np.asarray(u), np.asarray(v)
    print(
        f"{name:8} shape {u.shape}  max |diff| {np.max(np.abs(u - v)):.1e}"
        f"  allclose(rtol=1e-6, atol=1e-6): "
        f"{np.allclose(u, v, rtol=1e-6, atol=1e-6)}"
    )
