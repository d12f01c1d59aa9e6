# Fix: the same functional model with tf_keras.Input and tf_keras layers.
import numpy as np
import tensorflow_probability as tfp
import tf_keras

tf_keras.utils.set_random_seed(0)
inputs = tf_keras.Input(shape=(1,))
params = tf_keras.layers.Dense(tfp.layers.IndependentNormal.params_size(1))(
    inputs
)
outputs = tfp.layers.IndependentNormal(1)(params)
model = tf_keras.Model(inputs, outputs)

dist = model(np.array([[0.5]], dtype="float32"))
print("a TFP distribution:", isinstance(dist, tfp.distributions.Distribution))
print("stddev at x=0.5:", round(float(dist.stddev()[0, 0]), 4))
