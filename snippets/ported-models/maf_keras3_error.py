# Raises: ValueError
# The flow of TFP's AutoregressiveTransform example, as it is written
# (tfk = tf.keras), on today's stack: tf.keras is Keras 3.
import tensorflow as tf
import tensorflow_probability as tfp

tfd, tfb, tfpl = tfp.distributions, tfp.bijectors, tfp.layers
tfk = tf.keras

model = tfk.Sequential([
    tfk.layers.InputLayer(input_shape=(0,), dtype=tf.float32),
    tfpl.DistributionLambda(lambda t: tfd.MultivariateNormalDiag(
        loc=tf.zeros(tf.concat([tf.shape(t)[:-1], [2]], axis=0)))),
    tfpl.AutoregressiveTransform(tfb.AutoregressiveNetwork(
        params=2, hidden_units=[32, 32], activation="relu")),
])
