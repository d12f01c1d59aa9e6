# IndependentLogistic(2): two outputs with heavier tails than a Normal ->
# Dense(4) and a function that builds the same Independent Logistic.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd, tfpl = tfp.distributions, tfp.layers
keras.utils.set_random_seed(0)  # Python, NumPy and TensorFlow seeds


# The Keras 3 port: first half loc, second half softplus -> scale, as
# tfpl.IndependentLogistic splits its parameters.
def independent_logistic(params, d=2):
    loc, raw_scale = params[..., :d], params[..., d:]
    return tfd.Independent(
        tfd.Logistic(loc=loc, scale=tf.math.softplus(raw_scale)),
        reinterpreted_batch_ndims=1,
    )


def nll(y_true, params):
    return -independent_logistic(params).log_prob(y_true)


port = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4)])
port.compile(optimizer="adam", loss=nll)

# The tfp.layers original (tf_keras).
original = tf_keras.Sequential(
    [
        tf_keras.layers.Input((3,)),
        tf_keras.layers.Dense(tfpl.IndependentLogistic.params_size(2)),
        tfpl.IndependentLogistic(2),
    ]
)

port.set_weights(original.get_weights())
rng = np.random.default_rng(0)
x = rng.normal(size=(200, 3)).astype("float32")
y = rng.logistic(size=(200, 2)).astype("float32")
a, b = original(x), independent_logistic(port(x))
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
