# DistributionLambda with a Normal head -> a Dense(2) model and a loss that
# builds the Normal. Both run on the same inputs with the same weights.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd, tfpl = tfp.distributions, tfp.layers
keras.utils.set_random_seed(0)  # Python, NumPy and TensorFlow seeds


# The Keras 3 port: the model outputs (loc, raw scale), a function builds
# the distribution, the loss is its negative log-likelihood.
def normal_from(params):
    return tfd.Normal(
        loc=params[..., :1], scale=1e-3 + tf.math.softplus(params[..., 1:])
    )


def nll(y_true, params):
    return -normal_from(params).log_prob(y_true)


port = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
port.compile(optimizer="adam", loss=nll)

# The tfp.layers original (tf_keras).
original = tf_keras.Sequential(
    [
        tf_keras.layers.Input((3,)),
        tf_keras.layers.Dense(2),
        tfpl.DistributionLambda(
            lambda t: tfd.Normal(
                loc=t[..., :1], scale=1e-3 + tf.math.softplus(t[..., 1:])
            )
        ),
    ]
)

port.set_weights(original.get_weights())  # same kernel and bias
rng = np.random.default_rng(0)
x = rng.normal(size=(200, 3)).astype("float32")
y = rng.normal(size=(200, 1)).astype("float32")
a, b = original(x), normal_from(port(x))
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
