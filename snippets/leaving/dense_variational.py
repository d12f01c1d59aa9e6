# DenseVariational (mean-field posterior, trainable prior, kl_weight) -> a
# Keras 3 layer. Same weights, same weight draw: same predictive
# distribution; the KL term the port adds is the exact KL of the original.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd, tfpl = tfp.distributions, tfp.layers
C = np.log(np.expm1(1.0))  # softplus(C) == 1


# The Keras 3 port: weights [posterior loc | posterior raw scale] and
# [prior loc], laid out as the original's two VariableLayers hold them.
class DenseVariational(keras.layers.Layer):
    def __init__(self, units, kl_weight, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.units, self.kl_weight = units, kl_weight
        self.seed_generator = keras.random.SeedGenerator(seed)

    def build(self, input_shape):
        n = (input_shape[-1] + 1) * self.units  # kernel, then bias
        self.posterior = self.add_weight(shape=(2 * n,), initializer="zeros")
        self.prior_loc = self.add_weight(shape=(n,), initializer="zeros")

    def distributions(self):
        n = self.prior_loc.shape[0]
        scale = 1e-5 + keras.ops.softplus(C + self.posterior[n:])
        q = tfd.Independent(tfd.Normal(self.posterior[:n], scale), 1)
        p = tfd.Independent(tfd.Normal(self.prior_loc.value, 1.0), 1)
        return q, p

    def call(self, inputs, noise=None):
        q, p = self.distributions()
        self.add_loss(self.kl_weight * tfd.kl_divergence(q, p))
        if noise is None:
            noise = keras.random.normal(
                self.prior_loc.shape, seed=self.seed_generator
            )
        w = q.distribution.loc + q.distribution.scale * noise
        k = inputs.shape[-1] * self.units
        kernel = keras.ops.reshape(w[:k], (inputs.shape[-1], self.units))
        return keras.ops.matmul(inputs, kernel) + w[k:]

    def get_config(self):
        return {**super().get_config(), "units": self.units,
                "kl_weight": self.kl_weight}


def normal_from(params):
    return tfd.Normal(
        loc=params[..., :1],
        scale=1e-3 + keras.ops.softplus(params[..., 1:]),
    )


def nll(y_true, params):
    return -normal_from(params).log_prob(y_true)


n_train = 100
port = keras.Sequential(
    [keras.Input((1,)), DenseVariational(2, kl_weight=1 / n_train)]
)
port.compile(optimizer=keras.optimizers.Adam(0.05), loss=nll)


# The tfp.layers original (tf_keras), as in TFP's regression example.
def posterior_mean_field(kernel_size, bias_size=0, dtype=None):
    n = kernel_size + bias_size
    return tf_keras.Sequential(
        [
            tfpl.VariableLayer(2 * n, dtype=dtype),
            tfpl.DistributionLambda(
                lambda t: tfd.Independent(
                    tfd.Normal(
                        loc=t[..., :n],
                        scale=1e-5 + tf.nn.softplus(C + t[..., n:]),
                    ),
                    reinterpreted_batch_ndims=1,
                )
            ),
        ]
    )


def prior_trainable(kernel_size, bias_size=0, dtype=None):
    n = kernel_size + bias_size
    return tf_keras.Sequential(
        [
            tfpl.VariableLayer(n, dtype=dtype),
            tfpl.DistributionLambda(
                lambda t: tfd.Independent(
                    tfd.Normal(loc=t, scale=1), reinterpreted_batch_ndims=1
                )
            ),
        ]
    )


original = tf_keras.Sequential(
    [
        tf_keras.layers.Input((1,)),
        tfpl.DenseVariational(
            2, posterior_mean_field, prior_trainable, kl_weight=1 / n_train
        ),
        tfpl.DistributionLambda(
            lambda t: tfd.Normal(
                loc=t[..., :1],
                scale=1e-3 + tf.math.softplus(t[..., 1:]),
            )
        ),
    ]
)

# Trained-looking weights in the original, copied into the port.
rng = np.random.default_rng(0)
original.set_weights([rng.normal(size=w.shape) for w in original.weights])
port.set_weights(original.get_weights())
x = rng.normal(size=(200, 1)).astype("float32")
y = rng.normal(size=(200, 1)).astype("float32")

layer, (q, p) = original.layers[0], port.layers[0].distributions()
q0, p0 = layer._posterior(x), layer._prior(x)
tf.random.set_seed(1)
a = original(x)  # draws the weights once
tf.random.set_seed(1)
w = tf.convert_to_tensor(layer._posterior(x))  # the same draw again
noise = (w - q.distribution.loc) / q.distribution.scale
b = normal_from(port.layers[0](x, noise=noise))  # the port, that draw
kl_original = tfd.kl_divergence(q0, p0) / n_train
kl_port = port.layers[0].losses[0]
for name, u, v in (
    ("posterior loc", q0.mean(), q.mean()),
    ("posterior sd", q0.stddev(), q.stddev()),
    ("prior loc", p0.mean(), p.mean()),
    ("KL / n", kl_original, kl_port),
    ("mean", a.mean(), b.mean()),
    ("stddev", a.stddev(), b.stddev()),
    ("log_prob", a.log_prob(y), b.log_prob(y)),
):
    u, v = np.asarray(u), np.asarray(v)
    print(
        f"{name:13} shape {str(u.shape):8} max |diff| "
        f"{np.max(np.abs(u - v)):.1e}  allclose(rtol=1e-5, atol=1e-5): "
        f"{np.allclose(u, v, rtol=1e-5, atol=1e-5)}"
    )
print(
    f"KL / n the original adds (kl_use_exact=False, one draw): "
    f"{float(original.losses[0]):.4f}; exact: {float(kl_original):.4f}"
)
