# Raises: ValueError
# The density estimator of the tfb.AutoregressiveNetwork docs, as it is
# written, with Keras 3's Input (tf.keras is Keras 3 on today's stack).
import tensorflow as tf
import tensorflow_probability as tfp

tfd, tfb = tfp.distributions, tfp.bijectors
tfk = tf.keras

made = tfb.AutoregressiveNetwork(params=2, hidden_units=[10, 10])
distribution = tfd.TransformedDistribution(
    distribution=tfd.Sample(tfd.Normal(loc=0.0, scale=1.0), sample_shape=[2]),
    bijector=tfb.MaskedAutoregressiveFlow(made))
x_ = tfk.layers.Input(shape=(2,), dtype=tf.float32)
log_prob_ = distribution.log_prob(x_)
