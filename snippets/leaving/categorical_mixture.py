# CategoricalMixtureOfOneHotCategorical(4, 2): a class out of 4, as a
# mixture of 2 one-hot categoricals -> Dense(10) and a function that builds
# the same mixture.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd, tfpl = tfp.distributions, tfp.layers
keras.utils.set_random_seed(0)  # Python, NumPy and TensorFlow seeds


# The Keras 3 port: k mixture logits, then 4 class logits for each
# component in turn.
def categorical_mixture(params, k=2, classes=4):
    logits = tf.reshape(params[..., k:], [-1, k, classes])
    return tfd.MixtureSameFamily(
        mixture_distribution=tfd.Categorical(logits=params[..., :k]),
        components_distribution=tfd.OneHotCategorical(
            logits=logits, dtype=tf.float32
        ),
    )


def nll(y_true, params):
    return -categorical_mixture(params).log_prob(y_true)


port = keras.Sequential([keras.Input((3,)), keras.layers.Dense(10)])
port.compile(optimizer="adam", loss=nll)

# The tfp.layers original (tf_keras).
original = tf_keras.Sequential(
    [
        tf_keras.layers.Input((3,)),
        tf_keras.layers.Dense(
            tfpl.CategoricalMixtureOfOneHotCategorical.params_size(4, 2)
        ),
        tfpl.CategoricalMixtureOfOneHotCategorical(4, 2),
    ]
)

port.set_weights(original.get_weights())
rng = np.random.default_rng(0)
x = rng.normal(size=(200, 3)).astype("float32")
y = np.eye(4, dtype="float32")[rng.integers(0, 4, size=200)]
a, b = original(x), categorical_mixture(port(x))
for name, u, v in (
    ("weights", a.mixture_distribution.probs_parameter(),
     b.mixture_distribution.probs_parameter()),
    ("comp probs", a.components_distribution.probs_parameter(),
     b.components_distribution.probs_parameter()),
    ("mean", a.mean(), b.mean()),
    ("stddev", a.stddev(), b.stddev()),
    ("log_prob", a.log_prob(y), b.log_prob(y)),
):
    u, v = np.asarray(u), np.asarray(v)
    print(
        f"{name:10} shape {str(u.shape):11} max |diff| "
        f"{np.max(np.abs(u - v)):.1e}  allclose(rtol=1e-6, atol=1e-6): "
        f"{np.allclose(u, v, rtol=1e-6, atol=1e-6)}"
    )
