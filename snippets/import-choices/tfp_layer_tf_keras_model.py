# The same model built from tf_keras: tfp.layers fits in, and the model
# outputs a distribution.
import numpy as np
import tensorflow_probability as tfp
import tf_keras

tf_keras.utils.set_random_seed(0)
model = tf_keras.Sequential(
    [
        tf_keras.layers.Input(shape=(1,)),
        tf_keras.layers.Dense(tfp.layers.IndependentNormal.params_size(1)),
        tfp.layers.IndependentNormal(1),
    ]
)
dist = model(np.array([[0.5]], dtype="float32"))
is_dist = isinstance(dist, tfp.distributions.Distribution)
print("output is a TFP distribution:", is_dist)
print("wrapping a", type(dist.distribution).__name__)
print("mean:", np.round(dist.mean().numpy(), 4))
print("stddev:", np.round(dist.stddev().numpy(), 4))
