# tfp.layers.weight_norm.WeightNorm -> a Keras 3 wrapper. Same weights: the
# same data-dependent initialisation on the first call, the same outputs on
# the first and the next call, the same gradients.
import warnings

import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

keras.utils.set_random_seed(0)  # Python, NumPy and TensorFlow seeds
# TFP's layers still call tf_keras APIs that warn of their deprecation.
warnings.filterwarnings("ignore", category=UserWarning)


# The Keras 3 port (TensorFlow backend): the wrapped layer's kernel is v; the
# layer computes with w = g * v / ||v||, the norm taken over every axis but
# the output one. On the first call, data_init=True sets g and the bias so
# that the batch's pre-activations have mean 0 and variance 1 per unit;
# data_init=False sets g = ||v||. TFP's WeightNorm does the same.
class WeightNorm(keras.layers.Wrapper):
    def __init__(self, layer, data_init=True, **kwargs):
        super().__init__(layer, **kwargs)
        self.data_init = data_init
        transpose = isinstance(layer, keras.layers.Conv2DTranspose)
        self.filter_axis = -2 if transpose else -1

    def build(self, input_shape):
        self.layer.build(input_shape)
        self.activation = self.layer.activation  # applied after the layer
        self.layer.activation = keras.activations.linear
        rank = len(self.layer.kernel.shape)
        self.norm_axes = [i for i in range(rank)
                          if i != rank + self.filter_axis]
        units = self.layer.kernel.shape[self.filter_axis]
        self.g = self.add_weight(name="g", shape=(units,),
                                 initializer="ones")
        self.initialized = self.add_weight(
            name="initialized", shape=(), initializer="zeros",
            trainable=False)

    def _kernel(self, g):
        v = self.layer.kernel
        norm = keras.ops.sqrt(keras.ops.maximum(keras.ops.sum(
            v**2, axis=self.norm_axes, keepdims=True), 1e-12))
        shape = [1] * len(v.shape)
        shape[self.filter_axis] = -1
        return v / norm * keras.ops.reshape(g, shape)

    def _apply(self, inputs, g, bias):
        weights = [self._kernel(g)] + ([bias] if bias is not None else [])
        return self.layer.stateless_call(weights, [], inputs)[0]

    def call(self, inputs):
        g0 = self.g.value
        b0 = None if self.layer.bias is None else self.layer.bias.value

        def first_call():  # the initial g and bias
            if not self.data_init:
                v = self.layer.kernel
                return (keras.ops.sqrt(keras.ops.sum(v**2, self.norm_axes)),
                        b0)
            zero = None if b0 is None else keras.ops.zeros_like(b0)
            y = self._apply(inputs, g0, zero)
            axes = list(range(len(y.shape) - 1))
            m, var = keras.ops.mean(y, axes), keras.ops.var(y, axes)
            scale = 1.0 / keras.ops.sqrt(var + 1e-10)
            return g0 * scale, None if b0 is None else -m * scale

        first = self.initialized == 0
        if b0 is None:
            g, bias = keras.ops.cond(first, lambda: first_call()[0],
                                     lambda: g0), None
        else:
            g, bias = keras.ops.cond(first, first_call, lambda: (g0, b0))
            self.layer.bias.assign(bias)
        self.g.assign(g)
        self.initialized.assign(1.0)
        return self.activation(self._apply(inputs, g, bias))

    def get_config(self):
        return {**super().get_config(), "data_init": self.data_init}


def weights(wrapper, flavour):
    """v, g and the bias (if any) of the original or of the port."""
    v = wrapper.v if flavour == "tfp" else wrapper.layer.kernel
    bias = wrapper.layer.bias
    return [v, wrapper.g] + ([bias] if bias is not None else [])


rng = np.random.default_rng(0)
cases = [
    ("Dense(3, relu)", (4,), lambda k: k.layers.Dense(3, activation="relu"),
     True),
    ("Dense(3, relu)", (4,), lambda k: k.layers.Dense(3, activation="relu"),
     False),
    ("Dense(3, no bias)", (4,), lambda k: k.layers.Dense(3, use_bias=False),
     True),
    ("Conv2D(2, 3)", (8, 8, 2), lambda k: k.layers.Conv2D(2, 3), True),
    ("Conv2DTranspose(2, 3)", (8, 8, 2),
     lambda k: k.layers.Conv2DTranspose(2, 3), True),
]
print("max |diff| and allclose(rtol=1e-05, atol=1e-05)")
for name, shape, make, data_init in cases:
    original = tfp.layers.weight_norm.WeightNorm(make(tf_keras),
                                                 data_init=data_init)
    tf_keras.Sequential([tf_keras.layers.Input(shape), original])
    port = WeightNorm(make(keras), data_init=data_init)
    keras.Sequential([keras.Input(shape), port])
    for a, b in zip(weights(original, "tfp"), weights(port, "port")):
        b.assign(a.numpy())  # the same v, g (ones) and bias
    x1, x2 = (rng.normal(size=(16, *shape)).astype("float32")
              for _ in range(2))
    before = (bool(original.initialized.numpy()),
              bool(port.initialized.numpy()))
    rows = [("first call", original(x1), port(x1))]
    rows += [(f"{label} after it", a, b) for label, a, b in zip(
        ("v", "g", "bias"), weights(original, "tfp"), weights(port, "port"))]
    rows.append(("next call", original(x2), port(x2)))
    with tf.GradientTape(persistent=True) as tape:
        loss_a = tf.reduce_mean(original(x2) ** 2)
        loss_b = tf.reduce_mean(port(x2) ** 2)
    grads_a = tape.gradient(loss_a, weights(original, "tfp"))
    grads_b = tape.gradient(loss_b, [w.value for w in weights(port, "port")])
    grads = [(f"d/d{label}", a, b)
             for label, a, b in zip(("v", "g", "bias"), grads_a, grads_b)]
    after = (bool(original.initialized.numpy()),
             bool(port.initialized.numpy()))
    if data_init:  # the port's pre-activations on the first batch
        y = np.asarray(port._apply(x1, port.g, port.layer.bias))
        y = y.reshape(-1, y.shape[-1])
        init = (f"first batch's pre-activations per unit: |mean| <= "
                f"{np.abs(y.mean(0)).max():.0e}, variance "
                f"{y.var(0).min():.4f} to {y.var(0).max():.4f}")
    else:
        norm = np.sqrt((port.layer.kernel.numpy() ** 2).sum(0))
        init = f"max |g - ||v||| {np.abs(port.g.numpy() - norm).max():.0e}"
    print(f"{name}, data_init={data_init}: initialised (original, port) "
          f"before the first call {before}, after it {after}")
    print(f"  {init}")
    for part in (rows, grads):
        print("  " + ", ".join(
            f"{label} {np.max(np.abs(np.asarray(a) - np.asarray(b))):.1e} "
            f"{np.allclose(a, b, rtol=1e-5, atol=1e-5)}"
            for label, a, b in part))
