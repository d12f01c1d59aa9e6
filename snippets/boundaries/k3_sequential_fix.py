# Fix: build the model from tf_keras, the Keras that tfp.layers are built on.
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd = tfp.distributions

tf_keras.utils.set_random_seed(0)
model = tf_keras.Sequential(
    [
        tf_keras.Input(shape=(1,)),
        tf_keras.layers.Dense(2),
        tfp.layers.DistributionLambda(
            lambda t: tfd.Normal(
                loc=t[..., :1], scale=1e-3 + tf.math.softplus(t[..., 1:])
            )
        ),
    ]
)
dist = model(np.array([[0.5]], dtype="float32"))
print("a TFP distribution:", isinstance(dist, tfd.Distribution))
print("mean at x=0.5:", round(float(dist.mean()[0, 0]), 4))
