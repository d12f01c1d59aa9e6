# TFP's VAE (tfp.layers on tf_keras) and its Keras 3 port, trained on the
# same binary images from the same weights: held-out NLL and ELBO, and
# reconstructions of three held-out images.

import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd, tfb, tfpl = tfp.distributions, tfp.bijectors, tfp.layers
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


prior = tfd.Independent(tfd.Normal(tf.zeros(d), 1.0), 1)


class SampleWithKL(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(1)

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
    return tfd.Independent(tfd.Bernoulli(logits=logits, dtype=tf.float32), 1)


def nll(x, logits):
    return -decoding(logits).log_prob(keras.ops.reshape(x, (-1, 144)))


def conv_layers(L):  # the same layers in both flavours
    act = tf.nn.leaky_relu
    encoder = [
        L.Conv2D(depth, 5, padding="same", activation=act),
        L.Conv2D(2 * depth, 5, strides=2, padding="same", activation=act),
        L.Conv2D(4 * d, 6, padding="valid", activation=act),
        L.Flatten(), L.Dense(d + d * (d + 1) // 2)]
    decoder = [
        L.Reshape([1, 1, d]),
        L.Conv2DTranspose(2 * depth, 6, padding="valid", activation=act),
        L.Conv2DTranspose(depth, 5, strides=2, padding="same",
                          activation=act),
        L.Conv2D(1, 5, padding="same"), L.Flatten()]
    return encoder, decoder


tf_keras.utils.set_random_seed(0)
enc, dec = conv_layers(tf_keras.layers)
encoder = tf_keras.Sequential([
    tf_keras.layers.InputLayer(input_shape=shape),
    tf_keras.layers.Lambda(lambda x: tf.cast(x, tf.float32) - 0.5), *enc,
    tfpl.MultivariateNormalTriL(d, activity_regularizer=(
        tfpl.KLDivergenceRegularizer(prior)))])
decoder = tf_keras.Sequential([
    tf_keras.layers.InputLayer(input_shape=[d]), *dec,
    tfpl.IndependentBernoulli(shape, tfd.Bernoulli.logits)])
original = tf_keras.Model(encoder.inputs, decoder(encoder.outputs[0]))
original.compile(tf_keras.optimizers.Adam(1e-3),
                 loss=lambda x, rv_x: -rv_x.log_prob(x))

keras.utils.set_random_seed(0)
enc, dec = conv_layers(keras.layers)
port_encoder = keras.Sequential(
    [keras.Input(shape), keras.layers.Rescaling(1.0, offset=-0.5), *enc])
port_decoder = keras.Sequential([keras.Input((d,)), *dec])
inputs = keras.Input(shape)
port = keras.Model(
    inputs, port_decoder(SampleWithKL()(port_encoder(inputs))))
port.compile(keras.optimizers.Adam(1e-3), loss=nll)
port.set_weights(original.get_weights())  # the same starting point


def evaluate(encode, decode, x, draws=20):
    """Held-out NLL (importance-weighted, 20 draws) and negative ELBO."""
    q = encoding(encode(x))
    noise = np.random.default_rng(1).normal(size=(draws, len(x), d))
    z = q.loc + tf.linalg.matvec(q.scale.to_dense(), noise.astype("f4"))
    flat = x.reshape(len(x), -1)
    w = np.stack([decoding(decode(zi)).log_prob(flat) for zi in z])
    w = w + np.asarray(prior.log_prob(z) - q.log_prob(z))
    iw = np.logaddexp.reduce(w, axis=0) - np.log(draws)
    return -np.mean(iw), -np.mean(w)


original_params = tf_keras.Model(encoder.inputs, encoder.layers[-2].output)
original_logits = tf_keras.Model(decoder.inputs, decoder.layers[-2].output)
models = {  # each as (parameters of q(z|x), decoder logits)
    "tfp.layers": (original_params, original_logits),
    "Keras 3 port": (port_encoder, port_decoder),
}
start = [evaluate(*m, test) for m in models.values()]
print("at the start, same NLL and ELBO:", np.allclose(*start, rtol=1e-5))


for epoch in range(10):  # one epoch of each in turn
    for model in (original, port):
        model.fit(train, train, batch_size=50, epochs=epoch + 1,
                  initial_epoch=epoch, verbose=0)
print(f"{'after 10 epochs':15}{'NLL':>8}{'-ELBO':>8}")
for name, m in models.items():
    print(f"{name:15}" + "".join(f"{v:8.2f}" for v in evaluate(*m, test)))

# Reconstructions at the posterior mean, pixel probabilities as digits
# 0-9: each image row is one 12-digit number.
x = test[:3]
pictures = [x[..., 0]] + [
    np.asarray(tf.sigmoid(logits(encoding(params(x)).loc))).reshape(3, 12, 12)
    for params, logits in models.values()]
series = {"image": [], "row": [], "input": [], "tfp.layers": [], "port": []}
for i in range(3):
    for r in range(12):
        series["image"].append(i)
        series["row"].append(r)
        for name, p in zip(list(series)[2:], pictures):
            series[name].append("".join(str(round(9 * v)) for v in p[i, r]))
print(" ".join(f"{name:>12}" for name in series))
for row in zip(*series.values()):
    print(" ".join(f"{v:>12}" for v in row))


def plot(series, path):
    import numpy as np
    from matplotlib.figure import Figure

    def picture(name, i):
        rows = [f"{int(v):012d}" for v, k in zip(series[name], series["image"])
                if k == i]
        return np.array([[int(c) for c in row] for row in rows]) / 9

    names = ("input", "tfp.layers", "port")
    fig = Figure(figsize=(4.8, 5.0), dpi=100)
    axes = fig.subplots(3, 3)
    for i in range(3):
        for j, name in enumerate(names):
            ax = axes[i, j]
            ax.imshow(picture(name, i), cmap="gray_r", vmin=0, vmax=1)
            ax.set(xticks=[], yticks=[])
            if i == 0:
                ax.set_title(("held-out image", "tfp.layers original",
                              "Keras 3 port")[j], fontsize=9)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})


plot({k: [float(v) for v in vs] for k, vs in series.items()},
     "vae_training.png")
