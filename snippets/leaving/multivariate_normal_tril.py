# MultivariateNormalTriL(3): a correlated 3-d target -> Dense(9) and a
# function that builds the same full-covariance Normal from its output.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfb, tfd, tfpl = tfp.bijectors, tfp.distributions, tfp.layers
keras.utils.set_random_seed(0)  # Python, NumPy and TensorFlow seeds


# The Keras 3 port, laid out as tfpl.MultivariateNormalTriL.new reads its
# parameters: d locations, then d * (d + 1) / 2 entries that FillScaleTriL
# puts into a lower-triangular scale (diagonal: softplus, plus 1e-5).
def mvn_tril(params, d=3):
    scale_tril = tfb.FillScaleTriL(diag_shift=1e-5)(params[..., d:])
    return tfd.MultivariateNormalTriL(
        loc=params[..., :d], scale_tril=scale_tril
    )


def nll(y_true, params):
    return -mvn_tril(params).log_prob(y_true)


port = keras.Sequential([keras.Input((3,)), keras.layers.Dense(9)])
port.compile(optimizer="adam", loss=nll)

# The tfp.layers original (tf_keras).
original = tf_keras.Sequential(
    [
        tf_keras.layers.Input((3,)),
        tf_keras.layers.Dense(tfpl.MultivariateNormalTriL.params_size(3)),
        tfpl.MultivariateNormalTriL(3),
    ]
)

port.set_weights(original.get_weights())
rng = np.random.default_rng(0)
x = rng.normal(size=(200, 3)).astype("float32")
y = (rng.normal(size=(200, 3)) @ [[1, 0.5, 0], [0, 1, 0.5], [0, 0, 1]]).astype(
    "float32"
)
a, b = original(x), mvn_tril(port(x))
for name, u, v in (
    ("mean", a.mean(), b.mean()),
    ("stddev", a.stddev(), b.stddev()),
    ("covariance", a.covariance(), b.covariance()),
    ("log_prob", a.log_prob(y), b.log_prob(y)),
):
    u, v = np.asarray(u), np.asarray(v)
    print(
        f"{name:10} shape {str(u.shape):12}"
        f" max |diff| {np.max(np.abs(u - v)):.1e}"
        f"  allclose(rtol=1e-6, atol=1e-6): "
        f"{np.allclose(u, v, rtol=1e-6, atol=1e-6)}"
    )

# Where parameter i lands in scale_tril (before the diagonal transform):
print("parameter index in scale_tril, d=3 (0-2 are the locations):")
print(tfb.FillTriangular()(np.arange(3.0, 9.0)).numpy().astype(int))
