# Raises: ValueError
# The encoder of TFP's VAE example, as it is written (tfk = tf.keras), on
# today's stack: tf.keras is Keras 3.
import tensorflow as tf
import tensorflow_probability as tfp

tfd, tfpl = tfp.distributions, tfp.layers
tfk, tfkl = tf.keras, tf.keras.layers
input_shape, encoded_size, base_depth = (12, 12, 1), 4, 8
prior = tfd.Independent(tfd.Normal(loc=tf.zeros(encoded_size), scale=1),
                        reinterpreted_batch_ndims=1)

encoder = tfk.Sequential([
    tfkl.InputLayer(input_shape=input_shape),
    tfkl.Lambda(lambda x: tf.cast(x, tf.float32) - 0.5),
    tfkl.Conv2D(base_depth, 5, strides=1, padding="same",
                activation=tf.nn.leaky_relu),
    tfkl.Conv2D(2 * base_depth, 5, strides=2, padding="same",
                activation=tf.nn.leaky_relu),
    tfkl.Conv2D(4 * encoded_size, 6, strides=1, padding="valid",
                activation=tf.nn.leaky_relu),
    tfkl.Flatten(),
    tfkl.Dense(tfpl.MultivariateNormalTriL.params_size(encoded_size)),
    tfpl.MultivariateNormalTriL(
        encoded_size,
        activity_regularizer=tfpl.KLDivergenceRegularizer(prior)),
])
