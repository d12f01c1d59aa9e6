# The MAF port saves as .keras and loads with safe_mode=True: no lambda
# anywhere, the MADE's masks rebuilt from its config; same log_prob after.
import keras
import numpy as np
import tensorflow_probability as tfp

tfd, tfb = tfp.distributions, tfp.bijectors


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
@keras.saving.register_keras_serializable(package="ported")
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

    def get_config(self):
        return {**super().get_config(), "params": self.params,
                "hidden_units": self.hidden_units,
                "activation": keras.activations.serialize(self.activation)}


# The flow: a layer that owns the MADE and gives log p(x) of its input.
@keras.saving.register_keras_serializable(package="ported")
class MaskedAutoregressiveFlow(keras.layers.Layer):
    def __init__(self, hidden_units, activation="relu", **kwargs):
        super().__init__(**kwargs)
        self.hidden_units, self.activation = hidden_units, activation
        self.made = AutoregressiveNetwork(2, hidden_units, activation)

    def build(self, input_shape):
        self.made.build(input_shape)
        self.base = tfd.MultivariateNormalDiag(
            keras.ops.zeros(input_shape[-1]))

    def flow(self):
        return tfd.TransformedDistribution(
            self.base, tfb.MaskedAutoregressiveFlow(self.made))

    def call(self, x):
        return self.flow().log_prob(x)

    def compute_output_shape(self, input_shape):  # one number per example
        return input_shape[:-1]

    def get_config(self):
        return {**super().get_config(), "hidden_units": self.hidden_units,
                "activation": self.activation}


@keras.saving.register_keras_serializable(package="ported")
def nll(_, log_prob):  # the target is empty; the output is log p(x)
    return -log_prob


rng = np.random.default_rng(0)


def make_data(n):
    x2 = 2 * rng.normal(size=n)
    return np.stack([rng.normal(size=n) + x2**2 / 4, x2], -1).astype("f4")


data, test = make_data(1000), make_data(1000)
keras.utils.set_random_seed(0)
inputs = keras.Input((2,))
model = keras.Model(inputs, MaskedAutoregressiveFlow([32, 32])(inputs))
model.compile(keras.optimizers.Adam(1e-2), loss=nll)
model.fit(data, np.zeros((1000, 0)), batch_size=25, epochs=5, verbose=0)
model.save("maf.keras")

loaded = keras.saving.load_model("maf.keras", safe_mode=True)
print("loaded:", [type(layer).__name__ for layer in loaded.layers],
      "| loss:", loaded.loss.__name__)
u, v = np.asarray(model(test)), np.asarray(loaded(test))
print("log_prob equal after loading (np.array_equal):", np.array_equal(u, v))
