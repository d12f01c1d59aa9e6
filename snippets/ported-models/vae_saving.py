# The VAE port saves as .keras and loads with safe_mode=True: Rescaling in
# place of the original's Lambda, registered layer and loss; same outputs.
import keras
import numpy as np
import tensorflow_probability as tfp

tfd, tfb = tfp.distributions, tfp.bijectors
shape, d, depth = (12, 12, 1), 4, 8  # image, code size, base depth


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


@keras.saving.register_keras_serializable(package="ported")
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


@keras.saving.register_keras_serializable(package="ported")
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
port.fit(train, train, batch_size=50, epochs=3, verbose=0)
port.save("vae.keras")

loaded = keras.saving.load_model("vae.keras", safe_mode=True)
print("loaded:", [type(layer).__name__ for layer in loaded.layers],
      "| loss:", loaded.loss.__name__)
logits = []
for model in (port, loaded):
    encoder, decoder = model.layers[1], model.layers[3]
    loc = encoding(encoder(test)).loc  # the posterior mean: no draw
    logits.append(np.asarray(decoder(loc)))
print("decoder logits at the posterior mean, 200 held-out images, equal "
      "after loading (np.array_equal):", np.array_equal(*logits))
