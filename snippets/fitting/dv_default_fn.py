# Raises: TypeError
# The classic DenseVariational example: the default_* helpers are not
# posterior/prior makers.
import tensorflow_probability as tfp
import tf_keras

tfpl = tfp.layers
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
