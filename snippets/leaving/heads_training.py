# The six heads above, each trained as the tfp.layers original and as the
# Keras 3 port: same data, same initial weights, same optimizer and epochs.
# The port's loss builds the distribution from the parameters.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd, tfpl = tfp.distributions, tfp.layers
keras.utils.set_random_seed(0)  # Python, NumPy and TensorFlow seeds
softplus = tf.math.softplus


# The ports, as in their sections.
def normal(p):
    return tfd.Normal(loc=p[..., :1], scale=1e-3 + softplus(p[..., 1:]))


def independent_normal(p, d=2):
    return tfd.Independent(tfd.Normal(p[..., :d], softplus(p[..., d:])), 1)


def independent_bernoulli(p):
    return tfd.Independent(tfd.Bernoulli(logits=p, dtype=tf.float32), 1)


def independent_poisson(p):
    return tfd.Independent(tfd.Poisson(log_rate=p), 1)


def one_hot_categorical(p):
    return tfd.OneHotCategorical(logits=p, dtype=tf.float32)


def mixture_normal(p, k=3):
    c = tf.reshape(p[..., k:], [-1, k, 2])
    return tfd.MixtureSameFamily(
        tfd.Categorical(logits=p[..., :k]),
        tfd.Independent(tfd.Normal(c[..., :1], softplus(c[..., 1:])), 1),
    )


# Synthetic data: 200 rows to train on, 100 held out.
rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, (300, 2)).astype("float32")
noise = rng.normal(size=(300, 3))
sign = np.where(rng.random((300, 1)) < 0.5, -1.0, 1.0)
targets = {
    "normal": np.sin(3 * x[:, :1]) + 0.3 * noise[:, :1],
    "independent_normal": x + (0.1 + 0.3 * np.abs(x)) * noise[:, :2],
    "independent_bernoulli": (x @ [[2, -1, 0], [1, 2, -3]]
                              + noise > 0),
    "independent_poisson": rng.poisson(np.exp(1 + x[:, :1])),
    "one_hot_categorical": np.eye(4)[
        np.argmax(x @ [[2, -2, 0, 1], [0, 1, -2, 2]] + noise[:, :1], -1)
    ],
    "mixture_normal": sign * x[:, :1] + 0.1 * noise[:, :1],
}
heads = [
    ("Normal head", tfpl.DistributionLambda(normal), 2,
     normal, "normal"),
    ("IndependentNormal(2)", tfpl.IndependentNormal(2), 4,
     independent_normal, "independent_normal"),
    ("IndependentBernoulli(3)", tfpl.IndependentBernoulli(3), 3,
     independent_bernoulli, "independent_bernoulli"),
    ("IndependentPoisson(1)", tfpl.IndependentPoisson(1), 1,
     independent_poisson, "independent_poisson"),
    ("OneHotCategorical(4)", tfpl.OneHotCategorical(4), 4,
     one_hot_categorical, "one_hot_categorical"),
    ("MixtureNormal(3, [1])", tfpl.MixtureNormal(3, [1]), 9,
     mixture_normal, "mixture_normal"),
]

EPOCHS = 5
print(f"{'':23} {'first epoch':15} {f'epoch {EPOCHS}':15} "
      f"{'held-out NLL':15} curves")
print(f"{'head':23} {'original   port ' * 3}max |diff|")
for name, layer, size, dist_from, key in heads:
    y = targets[key].astype("float32")
    original = tf_keras.Sequential(
        [
            tf_keras.layers.Input((2,)),
            tf_keras.layers.Dense(16, activation="tanh"),
            tf_keras.layers.Dense(size),
            layer,
        ]
    )
    port = keras.Sequential(
        [
            keras.Input((2,)),
            keras.layers.Dense(16, activation="tanh"),
            keras.layers.Dense(size),
        ]
    )
    port.set_weights(original.get_weights())  # the same start
    original.compile(
        optimizer=tf_keras.optimizers.Adam(0.02),
        loss=lambda y, dist: -dist.log_prob(y),
    )
    port.compile(
        optimizer=keras.optimizers.Adam(0.02),
        loss=lambda y, params: -dist_from(params).log_prob(y),
    )
    fit = dict(batch_size=50, epochs=EPOCHS, shuffle=False, verbose=0)
    a = original.fit(x[:200], y[:200], **fit).history["loss"]
    b = port.fit(x[:200], y[:200], **fit).history["loss"]
    nll_a = -np.mean(original(x[200:]).log_prob(y[200:]))
    nll_b = -np.mean(dist_from(port(x[200:])).log_prob(y[200:]))
    print(
        f"{name:23} {a[0]:8.3f} {b[0]:6.3f} {a[-1]:8.3f} {b[-1]:6.3f}"
        f" {nll_a:8.3f} {nll_b:6.3f}"
        f" {np.max(np.abs(np.subtract(a, b))):9.1e}"
    )
