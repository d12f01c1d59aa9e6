# The VAE port on the JAX backend: the same layers, TFP's JAX substrate for
# the distributions. No TensorFlow in the model.
import os

os.environ["KERAS_BACKEND"] = "jax"  # before keras is imported

import keras
import numpy as np
from tensorflow_probability.substrates import jax as tfp

tfd, tfb = tfp.distributions, tfp.bijectors
shape, d, depth = (12, 12, 1), 4, 8  # image, code size, base depth
print("backend:", keras.backend.backend())


# Binary 12x12 images: hollow squares, plus signs and disks.
def make_images(n, rng):
    r, c = np.mgrid[:12, :12]
    images = np.zeros((n, *shape), "float32")
    for image in images:
        kind, s = rng.integers(3), rng.integers(2, 5)
        y, x = rng.integers(s, 12 - s, size=2)
        dy, dx = np.abs(r - y), np.abs(c - x)
        image[..., 0] = [(np.maximum(dy, dx) == s),
                         ((dy == 0) | (dx == 0)) & (dy + dx <= s),
                         (dy**2 + dx**2 <= s * s)][kind]
    return images


rng = np.random.default_rng(0)
train, test = make_images(1000, rng), make_images(200, rng)


# The Keras 3 port of MultivariateNormalTriL(d) with
# KLDivergenceRegularizer(prior): draws the code, adds the one-draw KL
# estimate averaged over the batch, as the original does.
def encoding(params):
    scale_tril = tfb.FillScaleTriL(diag_shift=1e-5)(params[..., d:])
    return tfd.MultivariateNormalTriL(params[..., :d], scale_tril)


prior = tfd.Independent(tfd.Normal(np.zeros(d, "f4"), 1.0), 1)


class SampleWithKL(keras.layers.Layer):
    def __init__(self, seed=1, **kwargs):
        super().__init__(**kwargs)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def get_config(self):
        return {**super().get_config(), "seed": self.seed}

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], d)

    def call(self, params):
        q = encoding(params)
        noise = keras.random.normal(keras.ops.shape(params[..., :d]),
                                    seed=self.seed_generator)
        z = q.loc + keras.ops.einsum("...ij,...j->...i",
                                     q.scale.to_dense(), noise)
        self.add_loss(keras.ops.mean(q.log_prob(z) - prior.log_prob(z)))
        return z


# The port of IndependentBernoulli(shape): the model outputs the logits.
def decoding(logits):
    return tfd.Independent(tfd.Bernoulli(logits=logits, dtype="float32"), 1)


def nll(x, logits):
    return -decoding(logits).log_prob(keras.ops.reshape(x, (-1, 144)))


def build_port():
    act = "leaky_relu"
    L = keras.layers
    encoder = keras.Sequential([
        keras.Input(shape), L.Rescaling(1.0, offset=-0.5),
        L.Conv2D(depth, 5, padding="same", activation=act),
        L.Conv2D(2 * depth, 5, strides=2, padding="same", activation=act),
        L.Conv2D(4 * d, 6, padding="valid", activation=act),
        L.Flatten(), L.Dense(d + d * (d + 1) // 2)])
    decoder = keras.Sequential([
        keras.Input((d,)), L.Reshape([1, 1, d]),
        L.Conv2DTranspose(2 * depth, 6, padding="valid", activation=act),
        L.Conv2DTranspose(depth, 5, strides=2, padding="same",
                          activation=act),
        L.Conv2D(1, 5, padding="same"), L.Flatten()])
    inputs = keras.Input(shape)
    return keras.Model(inputs, decoder(SampleWithKL()(encoder(inputs))))


keras.utils.set_random_seed(0)
port = build_port()
port.compile(keras.optimizers.Adam(1e-3), loss=nll)
port.fit(train, train, batch_size=50, epochs=15, verbose=0)


def evaluate(encode, decode, x, draws=20):
    """Held-out NLL (importance-weighted, 20 draws) and negative ELBO."""
    q = encoding(encode(x))
    noise = np.random.default_rng(1).normal(size=(draws, len(x), d))
    z = q.loc + keras.ops.einsum("...ij,...j->...i", q.scale.to_dense(),
                                 noise.astype("f4"))
    flat = x.reshape(len(x), -1)
    w = np.stack([decoding(decode(zi)).log_prob(flat) for zi in z])
    w = w + np.asarray(prior.log_prob(z) - q.log_prob(z))
    iw = np.logaddexp.reduce(w, axis=0) - np.log(draws)
    return -np.mean(iw), -np.mean(w)


nll_test, elbo = evaluate(port.layers[1], port.layers[3], test)
print(f"after 15 epochs: held-out NLL {nll_test:.2f}, -ELBO {elbo:.2f}")
