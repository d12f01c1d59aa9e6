# VariableLayer: a layer whose output is a trainable variable, whatever its
# input. With MultivariateNormalTriL on top it is the full-covariance
# posterior of the classic Bayesian neural network.
import keras
import numpy as np
import tensorflow_probability as tfp
import tf_keras

tfb, tfd, tfpl = tfp.bijectors, tfp.distributions, tfp.layers
keras.utils.set_random_seed(0)  # Python, NumPy and TensorFlow seeds


# The Keras 3 port: one weight of the given shape; call returns it (through
# the activation, if any) and ignores its input.
class VariableLayer(keras.layers.Layer):
    def __init__(self, shape, initializer="zeros", activation=None, **kwargs):
        super().__init__(**kwargs)
        self.shape = tuple(np.atleast_1d(shape).tolist())
        self.initializer = keras.initializers.get(initializer)
        self.activation = keras.activations.get(activation)
        self.constant = self.add_weight(
            shape=self.shape, initializer=self.initializer, name="constant"
        )

    def call(self, inputs):
        return self.activation(self.constant)

    def get_config(self):
        return {
            **super().get_config(),
            "shape": self.shape,
            "initializer": keras.initializers.serialize(self.initializer),
            "activation": keras.activations.serialize(self.activation),
        }


# The MultivariateNormalTriL port of its section.
def mvn_tril(params, d):
    scale_tril = tfb.FillScaleTriL(diag_shift=1e-5)(params[..., d:])
    return tfd.MultivariateNormalTriL(
        loc=params[..., :d], scale_tril=scale_tril
    )


rng = np.random.default_rng(0)
x = rng.normal(size=(5, 3)).astype("float32")

# 1. The layer alone: same weight, same output, for any input.
original = tfpl.VariableLayer(4, activation="softplus")
port = VariableLayer(4, activation="softplus")
original.set_weights([rng.normal(size=4)])
port.set_weights(original.get_weights())
u, v = np.asarray(original(x)), np.asarray(port(x))
print(
    f"output     shape {str(u.shape):7} max |diff| "
    f"{np.max(np.abs(u - v)):.1e}  allclose(rtol=1e-6, atol=1e-6): "
    f"{np.allclose(u, v, rtol=1e-6, atol=1e-6)}"
)
print(
    "port, another input: same output",
    np.array_equal(v, port(np.ones((2, 9)))),
    "| trainable weights:", len(port.trainable_weights),
)

# 2. The posterior over n = 4 weights: VariableLayer, then
# MultivariateNormalTriL, as in the classic BNN's posterior function.
n = 4
size = tfpl.MultivariateNormalTriL.params_size(n)  # 4 + 10
posterior = tf_keras.Sequential(
    [tfpl.VariableLayer(size), tfpl.MultivariateNormalTriL(n)]
)
posterior_params = VariableLayer(size)
posterior.layers[0].set_weights([rng.normal(size=size)])
posterior_params.set_weights(posterior.layers[0].get_weights())
a = posterior(x)  # the input is ignored
b = mvn_tril(posterior_params(x), n)
w = rng.normal(size=(100, n)).astype("float32")  # 100 weight vectors
prior = tfd.MultivariateNormalDiag(loc=np.zeros(n, "float32"))
for name, u, v in (
    ("mean", a.mean(), b.mean()),
    ("covariance", a.covariance(), b.covariance()),
    ("log_prob", a.log_prob(w), b.log_prob(w)),
    ("KL(q||p)", tfd.kl_divergence(a, prior), tfd.kl_divergence(b, prior)),
):
    u, v = np.asarray(u), np.asarray(v)
    print(
        f"{name:10} shape {str(u.shape):7} max |diff| "
        f"{np.max(np.abs(u - v)):.1e}  allclose(rtol=1e-6, atol=1e-6): "
        f"{np.allclose(u, v, rtol=1e-6, atol=1e-6)}"
    )
