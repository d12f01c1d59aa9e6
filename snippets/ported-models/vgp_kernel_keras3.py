# Raises: TypeError
# The example's kernel provider for the variational GP, subclassing
# tf.keras.layers.Layer, on today's stack (Keras 3).
import tensorflow as tf
import tensorflow_probability as tfp


class RBFKernelFn(tf.keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        dtype = kwargs.get("dtype", None)
        self._amplitude = self.add_variable(
            initializer=tf.constant_initializer(0), dtype=dtype,
            name="amplitude")
        self._length_scale = self.add_variable(
            initializer=tf.constant_initializer(0), dtype=dtype,
            name="length_scale")

    def call(self, x):
        return x  # never called: the layer only holds the variables

    @property
    def kernel(self):
        return tfp.math.psd_kernels.ExponentiatedQuadratic(
            amplitude=tf.nn.softplus(0.1 * self._amplitude),
            length_scale=tf.nn.softplus(5.0 * self._length_scale))


tf.keras.backend.set_floatx("float64")
kernel_provider = RBFKernelFn()
