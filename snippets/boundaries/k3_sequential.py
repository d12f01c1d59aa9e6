# Raises: ValueError
# A tfp.layers layer in a Keras 3 Sequential model.
import keras
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions

model = keras.Sequential(
    [
        keras.Input(shape=(1,)),
        keras.layers.Dense(2),
        tfp.layers.DistributionLambda(
            lambda t: tfd.Normal(
                loc=t[..., :1], scale=1e-3 + tf.math.softplus(t[..., 1:])
            )
        ),
    ]
)
