# MixtureSameFamily(2, IndependentNormal(2)): a mixture of 2 diagonal
# Normals in 2-d -> Dense(10) and a function that builds the same mixture.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd, tfpl = tfp.distributions, tfp.layers
keras.utils.set_random_seed(0)  # Python, NumPy and TensorFlow seeds


# The component, as in the IndependentNormal section: d locations, then d
# raw scales.
def independent_normal(params, d=2):
    loc, raw_scale = params[..., :d], params[..., d:]
    return tfd.Independent(
        tfd.Normal(loc=loc, scale=tf.math.softplus(raw_scale)),
        reinterpreted_batch_ndims=1,
    )


# The Keras 3 port: k mixture logits, then the component's parameters for
# each component in turn, reshaped to [..., k, component params].
def mixture_same_family(params, k=2, component=independent_normal):
    per_component = tf.reshape(params[..., k:], [-1, k, 4])
    return tfd.MixtureSameFamily(
        mixture_distribution=tfd.Categorical(logits=params[..., :k]),
        components_distribution=component(per_component),
    )


def nll(y_true, params):
    return -mixture_same_family(params).log_prob(y_true)


port = keras.Sequential(
    [
        keras.Input((3,)),
        keras.layers.Dense(16, activation="tanh"),
        keras.layers.Dense(10),
    ]
)
port.compile(optimizer="adam", loss=nll)

# The tfp.layers original (tf_keras).
n_params = tfpl.MixtureSameFamily.params_size(
    2, tfpl.IndependentNormal.params_size(2)
)
original = tf_keras.Sequential(
    [
        tf_keras.layers.Input((3,)),
        tf_keras.layers.Dense(16, activation="tanh"),
        tf_keras.layers.Dense(n_params),
        tfpl.MixtureSameFamily(2, tfpl.IndependentNormal(2)),
    ]
)

port.set_weights(original.get_weights())
rng = np.random.default_rng(0)
x = rng.normal(size=(200, 3)).astype("float32")
y = rng.normal(size=(200, 2)).astype("float32")
a, b = original(x), mixture_same_family(port(x))
for name, u, v in (
    ("weights", a.mixture_distribution.probs_parameter(),
     b.mixture_distribution.probs_parameter()),
    ("comp loc", a.components_distribution.mean(),
     b.components_distribution.mean()),
    ("comp std", a.components_distribution.stddev(),
     b.components_distribution.stddev()),
    ("mean", a.mean(), b.mean()),
    ("stddev", a.stddev(), b.stddev()),
    ("log_prob", a.log_prob(y), b.log_prob(y)),
):
    u, v = np.asarray(u), np.asarray(v)
    print(
        f"{name:8} shape {str(u.shape):11} max |diff| "
        f"{np.max(np.abs(u - v)):.1e}  allclose(rtol=1e-6, atol=1e-6): "
        f"{np.allclose(u, v, rtol=1e-6, atol=1e-6)}"
    )
