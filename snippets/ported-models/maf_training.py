# A masked autoregressive flow, the tfp.layers original (tf_keras) and its
# Keras 3 port, trained on the same data from the same weights: held-out
# NLL and the learned densities on a grid.
# Varies: up to 3 in the last printed digit (the training does not repeat
# exactly from run to run; we have not found why)
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd, tfb, tfpl = tfp.distributions, tfp.bijectors, tfp.layers


def made_masks(event_size, hidden_units, params):
    """MADE's masks, built as TFP builds them (left-to-right, 'equal')."""
    degrees = [np.arange(1, event_size + 1)]
    for units in hidden_units:
        low = min(degrees[-1].min(), event_size - 1)
        even = np.ceil(np.arange(1, units + 1) * (event_size - 1)
                       / (units + 1)).astype("int32")
        degrees.append(np.maximum(low, even))
    masks = [(d_in[:, None] <= d_out).astype("float32")
             for d_in, d_out in zip(degrees[:-1], degrees[1:])]
    last = (degrees[-1][:, None] < degrees[0]).astype("float32")
    masks.append(np.repeat(last, params, axis=1))
    return masks


# The Keras 3 port of tfb.AutoregressiveNetwork (see the leaving page).
class AutoregressiveNetwork(keras.layers.Layer):
    def __init__(self, params, hidden_units=(), activation=None, **kwargs):
        super().__init__(**kwargs)
        self.params, self.hidden_units = params, list(hidden_units)
        self.activation = keras.activations.get(activation)

    def build(self, input_shape):
        self.masks = made_masks(input_shape[-1], self.hidden_units,
                                self.params)
        self.kernels, self.biases = [], []
        for mask in self.masks:
            init = keras.initializers.GlorotUniform()
            self.kernels.append(self.add_weight(
                shape=mask.shape,
                initializer=lambda s, dtype=None, m=mask, i=init: i(s) * m))
            self.biases.append(self.add_weight(shape=mask.shape[1:],
                                               initializer="zeros"))

    def call(self, x):
        h = x
        for k, (kernel, bias) in enumerate(zip(self.kernels, self.biases)):
            h = keras.ops.matmul(h, kernel * self.masks[k]) + bias
            if k + 1 < len(self.masks):
                h = self.activation(h)
        return keras.ops.reshape(h, (*keras.ops.shape(x), self.params))


# The port of AutoregressiveTransform: a layer that owns the MADE and gives
# the flow's log_prob of its input; the model's output is that log_prob.
class MaskedAutoregressiveFlow(keras.layers.Layer):
    def __init__(self, hidden_units, activation="relu", **kwargs):
        super().__init__(**kwargs)
        self.made = AutoregressiveNetwork(2, hidden_units, activation)

    def build(self, input_shape):
        self.made.build(input_shape)
        self.base = tfd.MultivariateNormalDiag(tf.zeros(input_shape[-1]))

    def flow(self):
        return tfd.TransformedDistribution(
            self.base, tfb.MaskedAutoregressiveFlow(self.made))

    def call(self, x):
        return self.flow().log_prob(x)

    def compute_output_shape(self, input_shape):  # one number per example
        return input_shape[:-1]


def nll(_, log_prob):  # the target is empty; the output is log p(x)
    return -log_prob


# The banana of TFP's MAF examples: x2 ~ N(0, 2), x1 ~ N(x2**2 / 4, 1).
rng = np.random.default_rng(0)


def make_data(n):
    x2 = 2 * rng.normal(size=n)
    return np.stack([rng.normal(size=n) + x2**2 / 4, x2], -1).astype("f4")


data, test = make_data(1000), make_data(1000)
tf_keras.utils.set_random_seed(0)
original = tf_keras.Sequential([
    tf_keras.layers.InputLayer(input_shape=(0,)),
    tfpl.DistributionLambda(lambda t: tfd.MultivariateNormalDiag(
        loc=tf.zeros(tf.concat([tf.shape(t)[:-1], [2]], axis=0)))),
    tfpl.AutoregressiveTransform(tfb.AutoregressiveNetwork(
        params=2, hidden_units=[32, 32], activation="relu")),
])
original.compile(tf_keras.optimizers.Adam(1e-2),
                 loss=lambda y, dist: -dist.log_prob(y))
keras.utils.set_random_seed(0)
inputs = keras.Input((2,))
port = keras.Model(inputs, MaskedAutoregressiveFlow([32, 32])(inputs))
port.compile(keras.optimizers.Adam(1e-2), loss=nll)
port.set_weights(original.get_weights())  # the same starting point


original.fit(np.zeros((1000, 0)), data, batch_size=25, epochs=20, verbose=0)
port.fit(data, np.zeros((1000, 0)), batch_size=25, epochs=20, verbose=0)

true = tfd.JointDistributionSequential([
    tfd.Normal(0.0, 2.0), lambda x2: tfd.Normal(x2**2 / 4, 1.0)])


def true_log_prob(x):
    return true.log_prob([x[:, 1], x[:, 0]])


learned = original(np.zeros((0,)))
print(f"{'held-out NLL':15}{'tfp.layers':>11}{'port':>8}{'true':>8}")
print(f"{'':15}{-np.mean(learned.log_prob(test)):11.2f}"
      f"{-np.mean(port(test)):8.2f}{-np.mean(true_log_prob(test)):8.2f}")

# The densities on a grid, x 1000: model 0 the true one, 1 the original,
# 2 the port (rows x2, columns x1).
x1, x2 = np.arange(-2.0, 11.0), np.arange(6.0, -7.0, -1.0)
grid = np.stack(np.meshgrid(x1, x2), -1).reshape(-1, 2).astype("f4")
densities = [np.exp(true_log_prob(grid)), np.exp(learned.log_prob(grid)),
             np.exp(port(grid))]
rows = [[m, v2, *np.round(1000 * row)] for m, density in enumerate(densities)
        for row, v2 in zip(np.reshape(density, (len(x2), len(x1))), x2)]
series = dict(zip(["model", "x2", *(f"{v:.0f}" for v in x1)],
                  map(list, zip(*rows))))
print(" ".join(f"{name:>4}" for name in series))
for row in rows:
    print(" ".join(f"{v:4.0f}" for v in row))


def plot(series, path):
    import numpy as np
    from matplotlib.figure import Figure

    x1 = [float(name) for name in list(series)[2:]]
    table = np.array([series[name] for name in list(series)[2:]]).T
    models = np.array(series["model"])
    x2 = np.array(series["x2"])[models == 0]
    fig = Figure(figsize=(7.2, 2.8), dpi=100)
    axes = fig.subplots(1, 3, sharey=True)
    titles = ("true density", "tfp.layers original", "Keras 3 port")
    for m, (ax, title) in enumerate(zip(axes, titles)):
        ax.pcolormesh(x1, x2, table[models == m], shading="nearest",
                      cmap="viridis", vmin=0, vmax=table.max())
        ax.set(title=title, xlabel="x1")
    axes[0].set_ylabel("x2")
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})


plot(series, "maf_training.png")
