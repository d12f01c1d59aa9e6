# IndependentBernoulli(3): three yes/no labels per example -> Dense(3)
# logits and a function that builds the same distribution.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd, tfpl = tfp.distributions, tfp.layers
keras.utils.set_random_seed(0)  # Python, NumPy and TensorFlow seeds


# The Keras 3 port: the logits go to three independent Bernoullis.
def independent_bernoulli(logits):
    return tfd.Independent(
        tfd.Bernoulli(logits=logits, dtype=tf.float32),
        reinterpreted_batch_ndims=1,
    )


def nll(y_true, logits):
    return -independent_bernoulli(logits).log_prob(y_true)


port = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3)])
port.compile(optimizer="adam", loss=nll)

# The tfp.layers original (tf_keras).
original = tf_keras.Sequential(
    [
        tf_keras.layers.Input((3,)),
        tf_keras.layers.Dense(tfpl.IndependentBernoulli.params_size(3)),
        tfpl.IndependentBernoulli(3),
    ]
)

port.set_weights(original.get_weights())
rng = np.random.default_rng(0)
x = rng.normal(size=(200, 3)).astype("float32")
y = rng.integers(0, 2, size=(200, 3)).astype("float32")
a, b = original(x), independent_bernoulli(port(x))
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
# Samples: float like the original's, where a plain Bernoulli gives ints.
print(
    "sample dtype  original:", a.sample().dtype.name,
    "| port:", b.sample().dtype.name,
    "| Bernoulli without dtype:",
    tfd.Bernoulli(logits=port(x)).sample().dtype.name,
)
