# tfb.AutoregressiveNetwork (MADE) -> a Keras 3 layer with the same masks and
# the same weight layout; the original's weights copied in, same outputs.
import keras
import numpy as np
import tensorflow_probability as tfp

tfb = tfp.bijectors
keras.utils.set_random_seed(0)  # Python, NumPy and TensorFlow seeds


def made_masks(event_size, hidden_units, params, order="left-to-right"):
    """MADE's masks, built as TFP builds them (hidden degrees 'equal')."""
    if isinstance(order, str):
        order = {"left-to-right": np.arange(1, event_size + 1),
                 "right-to-left": np.arange(event_size, 0, -1)}[order]
    degrees = [np.asarray(order)]
    for units in hidden_units:
        low = min(degrees[-1].min(), event_size - 1)
        even = np.ceil(np.arange(1, units + 1) * (event_size - 1)
                       / (units + 1)).astype("int32")
        degrees.append(np.maximum(low, even))
    masks = [(d_in[:, None] <= d_out).astype("float32")
             for d_in, d_out in zip(degrees[:-1], degrees[1:])]
    last = (degrees[-1][:, None] < degrees[0]).astype("float32")
    # Output unit i * params + p is parameter p of input i.
    masks.append(np.repeat(last, params, axis=1))
    return masks


# The Keras 3 port: kernels and biases in the order the original's Dense
# layers hold them; the mask multiplies each kernel at every call.
@keras.saving.register_keras_serializable(package="ported")
class AutoregressiveNetwork(keras.layers.Layer):
    def __init__(self, params, hidden_units=(), activation=None,
                 input_order="left-to-right", **kwargs):
        super().__init__(**kwargs)
        self.params, self.hidden_units = params, list(hidden_units)
        self.activation = keras.activations.get(activation)
        self.input_order = input_order

    def build(self, input_shape):
        self.event_size = input_shape[-1]
        self.masks = made_masks(self.event_size, self.hidden_units,
                                self.params, self.input_order)
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
        shape = (*keras.ops.shape(x), self.params)
        return keras.ops.reshape(h, shape)  # [..., event_size, params]

    def get_config(self):
        return {**super().get_config(), "params": self.params,
                "hidden_units": self.hidden_units,
                "activation": keras.activations.serialize(self.activation),
                "input_order": self.input_order}


# The original: a tf_keras layer from TFP, called once to build it.
x = np.random.default_rng(0).normal(size=(500, 3)).astype("float32")
for order in ("left-to-right", "right-to-left"):
    original = tfb.AutoregressiveNetwork(
        params=2, hidden_units=[8, 8], activation="relu", input_order=order)
    original(x)
    port = AutoregressiveNetwork(
        params=2, hidden_units=[8, 8], activation="relu", input_order=order)
    port.build(x.shape)
    same_masks = all(np.array_equal(m, np.asarray(o, "float32"))
                     for m, o in zip(port.masks, original._masks))
    port.set_weights(original.get_weights())
    u, v = np.asarray(original(x)), np.asarray(port(x))
    print(f"{order}: masks equal {same_masks}, output {u.shape}, "
          f"max |diff| {np.max(np.abs(u - v)):.1e}, "
          f"allclose(rtol=1e-6, atol=1e-6) "
          f"{np.allclose(u, v, rtol=1e-6, atol=1e-6)}")
