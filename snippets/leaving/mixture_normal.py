# MixtureNormal(3, [1]): a mixture density network -> Dense(9) and a
# function that builds the same mixture of 3 Normals.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd, tfpl = tfp.distributions, tfp.layers
keras.utils.set_random_seed(0)  # Python, NumPy and TensorFlow seeds


# The Keras 3 port. Parameter layout as tfpl.MixtureNormal reads it:
# 3 mixture logits, then (loc, raw scale) for each component in turn.
def mixture_normal(params, k=3):
    components = tf.reshape(params[..., k:], [-1, k, 2])
    return tfd.MixtureSameFamily(
        mixture_distribution=tfd.Categorical(logits=params[..., :k]),
        components_distribution=tfd.Independent(
            tfd.Normal(
                loc=components[..., :1],
                scale=tf.math.softplus(components[..., 1:]),
            ),
            reinterpreted_batch_ndims=1,
        ),
    )


def nll(y_true, params):
    return -mixture_normal(params).log_prob(y_true)


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
        tf_keras.layers.Dense(tfpl.MixtureNormal.params_size(3, [1])),
        tfpl.MixtureNormal(3, [1]),
    ]
)

port.set_weights(original.get_weights())
rng = np.random.default_rng(0)
x = rng.normal(size=(200, 1)).astype("float32")
y = 3 * rng.normal(size=(200, 1)).astype("float32")
a, b = original(x), mixture_normal(port(x))
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


# A port that reads another layout (logits, all 3 locs, all 3 raw scales)
# is still a valid mixture, but with the original's weights it is another
# distribution: the same comparison fails.
def mixture_normal_other_layout(params, k=3):
    return tfd.MixtureSameFamily(
        mixture_distribution=tfd.Categorical(logits=params[..., :k]),
        components_distribution=tfd.Normal(
            loc=params[..., k:2 * k],
            scale=tf.math.softplus(params[..., 2 * k:]),
        ),
    )


c = mixture_normal_other_layout(port(x))
u, v = np.asarray(a.log_prob(y)), np.asarray(c.log_prob(y[:, 0]))
print(
    f"other layout: log_prob finite {np.isfinite(v).all()}"
    f"  max |diff| {np.max(np.abs(u - v)):.1e}"
    f"  allclose(rtol=1e-6, atol=1e-6): "
    f"{np.allclose(u, v, rtol=1e-6, atol=1e-6)}"
)
