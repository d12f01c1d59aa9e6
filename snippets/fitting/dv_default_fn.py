# Raises: TypeError
# The classic DenseVariational example: the default_* helpers are not
# posterior/prior makers.
import tensorflow_probability as tfp
import tf_keras

tfpl = tfp.layers
# The helper's own role: the default kernel prior of the older layers.
for layer in (tfpl.DenseReparameterization(1), tfpl.DenseFlipout(1)):
    default = layer.kernel_prior_fn is tfpl.default_multivariate_normal_fn
    print(f"{type(layer).__name__}: kernel_prior_fn is the helper: {default}")
model = tf_keras.Sequential(
    [
        tf_keras.layers.Input((1,)),
        tfpl.DenseVariational(
            1,
            make_posterior_fn=tfpl.default_multivariate_normal_fn,
            make_prior_fn=tfpl.default_multivariate_normal_fn,
        ),
    ]
)
