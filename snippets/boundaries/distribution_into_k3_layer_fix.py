# Fix: hand the Keras 3 layer a tensor: a sample, the mean, or
# tf.convert_to_tensor(dist).
import keras
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions

keras.utils.set_random_seed(0)
noisy = tfp.layers.DistributionLambda(lambda t: tfd.Normal(loc=t, scale=1.0))(
    tf.zeros((2, 4))
)
dense = keras.layers.Dense(3)
print("from a sample:    ", dense(tf.convert_to_tensor(noisy)).shape)
print("from the mean:    ", dense(noisy.mean()).shape)
