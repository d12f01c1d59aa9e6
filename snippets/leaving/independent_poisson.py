# IndependentPoisson(1): a count per example -> Dense(1) log-rate and a
# function that builds the same Poisson.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd, tfpl = tfp.distributions, tfp.layers
keras.utils.set_random_seed(0)  # Python, NumPy and TensorFlow seeds


# The Keras 3 port: the output is the log of the rate.
def poisson_from(log_rate):
    return tfd.Independent(
        tfd.Poisson(log_rate=log_rate), reinterpreted_batch_ndims=1
    )


def nll(y_true, log_rate):
    return -poisson_from(log_rate).log_prob(y_true)


port = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
port.compile(optimizer="adam", loss=nll)

# The tfp.layers original (tf_keras).
original = tf_keras.Sequential(
    [
        tf_keras.layers.Input((3,)),
        tf_keras.layers.Dense(tfpl.IndependentPoisson.params_size(1)),
        tfpl.IndependentPoisson(1),
    ]
)

port.set_weights(original.get_weights())
rng = np.random.default_rng(0)
x = rng.normal(size=(200, 3)).astype("float32")
y = rng.poisson(2.0, size=(200, 1)).astype("float32")
a, b = original(x), poisson_from(port(x))
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
