# Raises: AttributeError
# The example's BNN as it is usually written, run on today's stack: `keras`
# from TensorFlow is Keras 3, while tfp.layers builds tf_keras layers.
import tensorflow as tf
import tensorflow_probability as tfp
from tensorflow import keras

tfd, tfpl = tfp.distributions, tfp.layers


def prior(kernel_size, bias_size, dtype=None):
    n = kernel_size + bias_size
    return keras.Sequential([tfpl.DistributionLambda(
        lambda t: tfd.MultivariateNormalDiag(loc=tf.zeros(n),
                                             scale_diag=tf.ones(n)))])


def posterior(kernel_size, bias_size, dtype=None):
    n = kernel_size + bias_size
    return keras.Sequential([
        tfpl.VariableLayer(tfpl.MultivariateNormalTriL.params_size(n),
                           dtype=dtype),
        tfpl.MultivariateNormalTriL(n),
    ])


inputs = {f"x{i}": keras.Input((1,), name=f"x{i}") for i in range(11)}
features = keras.layers.BatchNormalization()(
    keras.layers.concatenate(list(inputs.values())))
print("keras is", keras.__version__)
features = tfpl.DenseVariational(8, make_prior_fn=prior,
                                 make_posterior_fn=posterior,
                                 kl_weight=1 / 300,
                                 activation="sigmoid")(features)
