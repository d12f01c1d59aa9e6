# The fourth rung: tfpl.VariationalGaussianProcess (tf_keras) and its Keras 3
# port, trained from the same start on the ladder's data; the port saved as
# .keras and loaded in safe mode.

import keras
import numpy as np
import tensorflow_probability as tfp
import tf_keras

tfd, tfpl, tfk = tfp.distributions, tfp.layers, tfp.math.psd_kernels
keras.config.set_floatx("float64")  # the example trains this rung in float64
tf_keras.backend.set_floatx("float64")


# ---- The Keras 3 port, registered and configurable so that it saves ----
@keras.saving.register_keras_serializable(package="ported")
class RBFKernelFn(keras.layers.Layer):
    """Kernel provider: holds the kernel's variables, builds the kernel."""

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


@keras.saving.register_keras_serializable(package="ported")
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
        self.points_init = keras.initializers.get(
            inducing_index_points_initializer)
        self.noise_init = keras.initializers.get(
            unconstrained_observation_noise_variance_initializer)
        self.kl_weight, self.jitter = kl_weight, jitter

    def get_config(self):
        return {**super().get_config(),
                "num_inducing_points": self.num_inducing_points,
                "kernel_provider": keras.saving.serialize_keras_object(
                    self.kernel_provider),
                "inducing_index_points_initializer":
                    keras.initializers.serialize(self.points_init),
                "unconstrained_observation_noise_variance_initializer":
                    keras.initializers.serialize(self.noise_init),
                "kl_weight": self.kl_weight, "jitter": self.jitter}

    @classmethod
    def from_config(cls, config):
        config["kernel_provider"] = keras.saving.deserialize_keras_object(
            config["kernel_provider"])
        return cls(**config)

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

    def call(self, x):
        vgp = tfd.VariationalGaussianProcess(
            kernel=self.kernel_provider.kernel, index_points=x,
            inducing_index_points=self.inducing_index_points,
            variational_inducing_observations_loc=self.loc,
            variational_inducing_observations_scale=self.scale,
            mean_fn=lambda _: self.mean,
            observation_noise_variance=keras.ops.softplus(self.noise),
            jitter=self.jitter)
        self.add_loss(
            self.kl_weight * vgp.surrogate_posterior_kl_divergence_prior()[0])
        noise_sd = keras.ops.sqrt(keras.ops.softplus(self.noise))
        return keras.ops.stack(
            [vgp.mean()[0], vgp.stddev()[0],
             noise_sd * keras.ops.ones_like(x[:, 0])], axis=-1)


@keras.saving.register_keras_serializable(package="ported")
def variational_loss(y_true, out):
    """Minus each example's expected log-likelihood under q."""
    mean, sd, noise_sd = out[:, 0], out[:, 1], out[:, 2]
    return -(tfd.Normal(mean, noise_sd).log_prob(y_true[:, 0])
             - 0.5 * (sd / noise_sd) ** 2)


# ---- The tfp.layers original (tf_keras), as in TFP's example ----
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


# ---- The ladder's data ----
rng = np.random.default_rng(0)


def make_data(n):
    x = rng.uniform(-20, 60, (n, 1))
    noise_sd = 3 * (0.25 + ((x + 20) / 80) ** 2)
    y = 0.125 * x * (1 + np.sin(x)) + 5 + noise_sd * rng.normal(size=(n, 1))
    return x.astype("float32"), y.astype("float32")


n, epochs, batch_size, m = 150, 40, 30, 40  # 5 full batches per epoch
x, y = (a.astype("float64") for a in make_data(n))
x_test, y_test = (a.astype("float64") for a in make_data(300))
points = np.linspace(-20, 60, m)[:, None]

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
# The original's loss sums over the batch: kl_weight is batch_size / n.
original.compile(optimizer=tf_keras.optimizers.Adam(0.05),
                 loss=lambda y, rv: rv.variational_loss(
                     y, kl_weight=batch_size / n))

port = keras.Sequential([
    keras.Input((1,)),
    keras.layers.Dense(1, kernel_initializer="ones", use_bias=False),
    VariationalGaussianProcess(
        m, RBFKernelFn(), keras.initializers.Constant(points[None]),
        keras.initializers.Constant(0.54), kl_weight=1 / n),
])
# The port's loss averages over the batch: kl_weight is 1 / n.
port.compile(optimizer=keras.optimizers.Adam(0.05), loss=variational_loss)

# The same start: the original's variables copied into the port by name.
start = {v.name.split("/")[-1].split(":")[0]: v.numpy()
         for v in original.weights}
gp, kernel_fn = port.layers[1], port.layers[1].kernel_provider
port.layers[0].set_weights([start["kernel"]])
for name, var in (("amplitude", kernel_fn._amplitude),
                  ("length_scale", kernel_fn._length_scale),
                  ("mean", gp.mean), ("observation_noise_variance", gp.noise),
                  ("inducing_index_points", gp.inducing_index_points),
                  ("variational_inducing_observations_loc", gp.loc),
                  ("variational_inducing_observations_scale", gp.scale)):
    var.assign(start[name])


def fit(model):
    # No shuffling: both see the same batches in the same order.
    history = model.fit(x, y, epochs=epochs, batch_size=batch_size,
                        shuffle=False, verbose=0)
    return history.history["loss"]


loss_port = fit(port)
loss_original = fit(original)


def predictive_original(t):
    rv = original(t)  # one distribution over all the points of t
    return np.asarray(rv.mean())[:, 0], np.asarray(rv.stddev())[:, 0]


def predictive_port(t, model=port):
    out = np.asarray(model(t))
    return out[:, 0], out[:, 1]


def evaluate(predictive):
    """Held-out NLL of the predictive Normal; its 90% interval's coverage."""
    mean, sd = predictive(x_test)
    dist = tfd.Normal(mean, sd)
    nll = -np.mean(dist.log_prob(y_test[:, 0]))
    low, high = dist.quantile(0.05), dist.quantile(0.95)
    return nll, np.mean((y_test[:, 0] >= low) & (y_test[:, 0] <= high))


print("loss per example, epoch 1 and", epochs, "(the original's / batch size)")
print(f"{'model':13}{'first':>8}{'last':>8}{'NLL':>7}{'90% cov':>9}")
for name, losses, scale, predictive in (
        ("tfp.layers", loss_original, batch_size, predictive_original),
        ("Keras 3 port", loss_port, 1, predictive_port)):
    nll, coverage = evaluate(predictive)
    print(f"{name:13}{losses[0] / scale:8.3f}{losses[-1] / scale:8.3f}"
          f"{nll:7.2f}{coverage:9.2f}")

port.save("ladder_vgp.keras")
loaded = keras.saving.load_model("ladder_vgp.keras", safe_mode=True)
(mean, sd), (mean_loaded, sd_loaded) = (
    predictive_port(x_test), predictive_port(x_test, loaded))
print("reloaded in safe mode:", [type(l).__name__ for l in loaded.layers],
      "| loss:", loaded.loss.__name__)
print("same predictive mean:", np.allclose(mean, mean_loaded),
      "| same stddev:", np.allclose(sd, sd_loaded))
