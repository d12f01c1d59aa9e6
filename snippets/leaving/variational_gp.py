# tfpl.VariationalGaussianProcess (kernel in a kernel-provider layer, its
# variational loss) -> a Keras 3 layer and a loss function. Same variables:
# same predictive mean and stddev, same variational loss.
import keras
import numpy as np
import tensorflow_probability as tfp
import tf_keras

tfd, tfpl, tfk = tfp.distributions, tfp.layers, tfp.math.psd_kernels
keras.config.set_floatx("float64")  # the original sets float64 for stability
tf_keras.backend.set_floatx("float64")


# The Keras 3 port. The kernel provider: a layer that holds the kernel's
# variables and builds the kernel from them.
class RBFKernelFn(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._amplitude = self.add_weight(
            shape=(), initializer="zeros", name="amplitude")
        self._length_scale = self.add_weight(
            shape=(), initializer="zeros", name="length_scale")

    @property
    def kernel(self):
        return tfk.ExponentiatedQuadratic(
            amplitude=keras.ops.softplus(0.1 * self._amplitude),
            length_scale=keras.ops.softplus(5.0 * self._length_scale))


class VariationalGaussianProcess(keras.layers.Layer):
    """Returns, per example, [predictive mean, predictive stddev, noise
    stddev]; adds kl_weight * KL(q(u) || p(u)) to the model's losses."""

    def __init__(self, num_inducing_points, kernel_provider,
                 inducing_index_points_initializer,
                 unconstrained_observation_noise_variance_initializer,
                 kl_weight, jitter=1e-6, **kwargs):
        super().__init__(**kwargs)
        self.num_inducing_points = num_inducing_points
        self.kernel_provider = kernel_provider
        self.points_init = inducing_index_points_initializer
        self.noise_init = unconstrained_observation_noise_variance_initializer
        self.kl_weight, self.jitter = kl_weight, jitter

    def build(self, input_shape):  # the original's variables and shapes
        m = self.num_inducing_points
        self.mean = self.add_weight(shape=(), initializer="zeros")
        self.noise = self.add_weight(shape=(), initializer=self.noise_init)
        self.inducing_index_points = self.add_weight(
            shape=(1, m, input_shape[-1]), initializer=self.points_init)
        self.loc = self.add_weight(shape=(1, m), initializer="zeros")
        self.scale = self.add_weight(
            shape=(1, m, m),
            initializer=keras.initializers.Constant(1e-5 * np.eye(m)[None]))

    def vgp(self, x):
        return tfd.VariationalGaussianProcess(
            kernel=self.kernel_provider.kernel, index_points=x,
            inducing_index_points=self.inducing_index_points,
            variational_inducing_observations_loc=self.loc,
            variational_inducing_observations_scale=self.scale,
            mean_fn=lambda _: self.mean,
            observation_noise_variance=keras.ops.softplus(self.noise),
            jitter=self.jitter)

    def call(self, x):
        vgp = self.vgp(x)
        self.add_loss(
            self.kl_weight * vgp.surrogate_posterior_kl_divergence_prior()[0])
        noise_sd = keras.ops.sqrt(keras.ops.softplus(self.noise))
        return keras.ops.stack(
            [vgp.mean()[0], vgp.stddev()[0],
             noise_sd * keras.ops.ones_like(x[:, 0])], axis=-1)


def variational_loss(y_true, out):
    """Minus the expected log-likelihood of each example under q, as
    tfd.VariationalGaussianProcess.variational_loss computes it."""
    mean, sd, noise_sd = out[:, 0], out[:, 1], out[:, 2]
    return -(tfd.Normal(mean, noise_sd).log_prob(y_true[:, 0])
             - 0.5 * (sd / noise_sd) ** 2)


n_train, batch_size, m = 150, 32, 40
points = np.linspace(-20, 60, m)[:, None]
port = keras.Sequential([
    keras.Input((1,)),
    keras.layers.Dense(1, kernel_initializer="ones", use_bias=False),
    VariationalGaussianProcess(
        m, RBFKernelFn(),
        keras.initializers.Constant(points[None]),
        keras.initializers.Constant(0.54),
        kl_weight=1 / n_train),  # loss per example: KL / n_train
])
port.compile(optimizer=keras.optimizers.Adam(0.01), loss=variational_loss)


# The tfp.layers original (tf_keras), as in TFP's regression example.
class RBFKernelFnOriginal(tf_keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        dtype = kwargs.get("dtype", None)
        self._amplitude = self.add_weight(
            initializer=tf_keras.initializers.Constant(0), dtype=dtype,
            name="amplitude")
        self._length_scale = self.add_weight(
            initializer=tf_keras.initializers.Constant(0), dtype=dtype,
            name="length_scale")

    def call(self, x):
        return x  # never called: the layer only holds the variables

    @property
    def kernel(self):
        return tfk.ExponentiatedQuadratic(
            amplitude=tf_keras.activations.softplus(0.1 * self._amplitude),
            length_scale=tf_keras.activations.softplus(
                5.0 * self._length_scale))


original = tf_keras.Sequential([
    tf_keras.layers.InputLayer(input_shape=[1]),
    tf_keras.layers.Dense(1, kernel_initializer="ones", use_bias=False),
    tfpl.VariationalGaussianProcess(
        num_inducing_points=m, kernel_provider=RBFKernelFnOriginal(),
        event_shape=[1],
        inducing_index_points_initializer=tf_keras.initializers.Constant(
            points),
        unconstrained_observation_noise_variance_initializer=(
            tf_keras.initializers.Constant(0.54))),
])

# Trained-looking variables in the original, copied into the port by name.
rng = np.random.default_rng(0)
for v in original.weights:
    v.assign(v + 0.3 * rng.normal(size=v.shape))
by_name = {v.name.split("/")[-1].split(":")[0]: v.numpy()
           for v in original.weights}
print("original's variables:", sorted(by_name))
vgp_layer, kernel_layer = port.layers[1], port.layers[1].kernel_provider
port.layers[0].set_weights([by_name["kernel"]])
kernel_layer._amplitude.assign(by_name["amplitude"])
kernel_layer._length_scale.assign(by_name["length_scale"])
for name, var in (("mean", vgp_layer.mean),
                  ("observation_noise_variance", vgp_layer.noise),
                  ("inducing_index_points", vgp_layer.inducing_index_points),
                  ("variational_inducing_observations_loc", vgp_layer.loc),
                  ("variational_inducing_observations_scale",
                   vgp_layer.scale)):
    var.assign(by_name[name])

x = rng.uniform(-20, 60, (batch_size, 1))
y = rng.normal(5, 3, (batch_size, 1))
rv = original(x)  # a distribution over the batch's function values
out = port(x)
loss_original = rv.variational_loss(y, kl_weight=batch_size / n_train)
# The original's loss sums over the batch; the port's averages: x batch_size
loss_port = batch_size * (np.mean(variational_loss(y, out))
                          + float(port.losses[0]))
for name, u, v in (
    ("mean", rv.mean(), out[:, :1]),
    ("stddev", rv.stddev(), out[:, 1:2]),
    ("variational loss", loss_original, loss_port),
):
    u, v = np.asarray(u), np.asarray(v)
    print(f"{name:16} shape {str(u.shape):7} max |diff| "
          f"{np.max(np.abs(u - v)):.1e}  allclose(rtol=1e-9, atol=1e-9): "
          f"{np.allclose(u, v, rtol=1e-9, atol=1e-9)}")
