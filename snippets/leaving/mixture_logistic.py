# MixtureLogistic(3, [1]): a mixture of 3 Logistics -> Dense(9) and a
# function that builds the same mixture.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd, tfpl = tfp.distributions, tfp.layers
keras.utils.set_random_seed(0)  # Python, NumPy and TensorFlow seeds


# The Keras 3 port. Parameter layout as tfpl.MixtureLogistic reads it:
# 3 mixture logits, then (loc, raw scale) for each component in turn.
def mixture_logistic(params, k=3):
    components = tf.reshape(params[..., k:], [-1, k, 2])
    return tfd.MixtureSameFamily(
        mixture_distribution=tfd.Categorical(logits=params[..., :k]),
        components_distribution=tfd.Independent(
            tfd.Logistic(
                loc=components[..., :1],
                scale=tf.math.softplus(components[..., 1:]),
            ),
            reinterpreted_batch_ndims=1,
        ),
    )


def nll(y_true, params):
    return -mixture_logistic(params).log_prob(y_true)


port = keras.Sequential(
    [
        keras.Input((1,)),
        keras.layers.Dense(16, activation="tanh"),
        keras.layers.Dense(9),
    ]
)
port.compile(optimizer="adam", loss=nll)

# The tfp.layers original (tf_keras).
original = tf_keras.Sequential(
    [
        tf_keras.layers.Input((1,)),
        tf_keras.layers.Dense(16, activation="tanh"),
        tf_keras.layers.Dense(tfpl.MixtureLogistic.params_size(3, [1])),
        tfpl.MixtureLogistic(3, [1]),
    ]
)

port.set_weights(original.get_weights())
rng = np.random.default_rng(0)
x = rng.normal(size=(200, 1)).astype("float32")
y = 3 * rng.logistic(size=(200, 1)).astype("float32")
a, b = original(x), mixture_logistic(port(x))
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
