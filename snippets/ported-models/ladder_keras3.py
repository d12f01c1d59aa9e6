# Raises: ValueError
# The ladder's first rung as it is usually written, run on today's stack:
# tf.keras is Keras 3, and a tfp.layers layer is a tf_keras layer.
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions

print("tf.keras is Keras", tf.keras.__version__)
model = tf.keras.Sequential([
    tf.keras.layers.Dense(1 + 1),
    tfp.layers.DistributionLambda(lambda t: tfd.Normal(
        loc=t[..., :1], scale=1e-3 + tf.math.softplus(0.05 * t[..., 1:]))),
])
