# The five heads of the sections above, each trained as the tfp.layers
# original and as the Keras 3 port: same data, same initial weights, same
# optimizer and epochs. The port's loss builds the distribution.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfb, tfd, tfpl = tfp.bijectors, tfp.distributions, tfp.layers
keras.utils.set_random_seed(0)  # Python, NumPy and TensorFlow seeds
softplus = tf.math.softplus


# The ports, as in their sections.
def mvn_tril(p, d=2):
    scale_tril = tfb.FillScaleTriL(diag_shift=1e-5)(p[..., d:])
    return tfd.MultivariateNormalTriL(loc=p[..., :d], scale_tril=scale_tril)


def independent_logistic(p, d=2):
    return tfd.Independent(
        tfd.Logistic(p[..., :d], softplus(p[..., d:])), 1
    )


def mixture_logistic(p, k=3):
    c = tf.reshape(p[..., k:], [-1, k, 2])
    return tfd.MixtureSameFamily(
        tfd.Categorical(logits=p[..., :k]),
        tfd.Independent(tfd.Logistic(c[..., :1], softplus(c[..., 1:])), 1),
    )


def mixture_same_family(p, k=2):  # components: IndependentNormal(2)
    c = tf.reshape(p[..., k:], [-1, k, 4])
    return tfd.MixtureSameFamily(
        tfd.Categorical(logits=p[..., :k]),
        tfd.Independent(tfd.Normal(c[..., :2], softplus(c[..., 2:])), 1),
    )


def categorical_mixture(p, k=2, classes=4):
    logits = tf.reshape(p[..., k:], [-1, k, classes])
    return tfd.MixtureSameFamily(
        tfd.Categorical(logits=p[..., :k]),
        tfd.OneHotCategorical(logits=logits, dtype=tf.float32),
    )


# Synthetic data: 200 rows to train on, 100 held out.
rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, (300, 2)).astype("float32")
noise = rng.normal(size=(300, 2))
sign = np.where(rng.random((300, 1)) < 0.5, -1.0, 1.0)
targets = {
    "mvn_tril": x + 0.3 * noise @ [[1.0, 0.8], [0.0, 0.6]],
    "independent_logistic": x + 0.2 * rng.logistic(size=(300, 2)),
    "mixture_logistic": sign * x[:, :1] + 0.1 * rng.logistic(size=(300, 1)),
    "mixture_same_family": sign * x + 0.1 * noise,
    "categorical_mixture": np.eye(4)[
        np.argmax(x @ [[2, -2, 0, 1], [0, 1, -2, 2]] + noise[:, :1], -1)
    ],
}
heads = [
    ("MultivariateNormalTriL(2)", tfpl.MultivariateNormalTriL(2), 5,
     mvn_tril, "mvn_tril"),
    ("IndependentLogistic(2)", tfpl.IndependentLogistic(2), 4,
     independent_logistic, "independent_logistic"),
    ("MixtureLogistic(3, [1])", tfpl.MixtureLogistic(3, [1]), 9,
     mixture_logistic, "mixture_logistic"),
    ("MixtureSameFamily(2, IN(2))",
     tfpl.MixtureSameFamily(2, tfpl.IndependentNormal(2)), 10,
     mixture_same_family, "mixture_same_family"),
    ("CategoricalMixture(4, 2)",
     tfpl.CategoricalMixtureOfOneHotCategorical(4, 2), 10,
     categorical_mixture, "categorical_mixture"),
]

EPOCHS = 5
print(f"{'':27} {'first epoch':15} {f'epoch {EPOCHS}':15} "
      f"{'held-out NLL':15} curves")
print(f"{'head':27} {'original   port ' * 3}max |diff|")
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
        f"{name:27} {a[0]:8.3f} {b[0]:6.3f} {a[-1]:8.3f} {b[-1]:6.3f}"
        f" {nll_a:8.3f} {nll_b:6.3f}"
        f" {np.max(np.abs(np.subtract(a, b))):9.1e}"
    )
