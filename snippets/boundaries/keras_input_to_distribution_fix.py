# Fix: let the Keras 3 model end in tensors; build the distribution on its real
# outputs.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions

keras.utils.set_random_seed(0)
inputs = keras.Input(shape=(1,))
params = keras.layers.Dense(2)(inputs)  # loc and raw scale, still symbolic
model = keras.Model(inputs, params)

out = model(np.array([[0.5], [1.0]], dtype="float32"))  # a real tensor now
dist = tfd.Normal(loc=out[:, :1], scale=1e-3 + tf.math.softplus(out[:, 1:]))
print(type(out).__name__, "->", dist)
print("log_prob of 0:", [round(float(v), 4) for v in dist.log_prob(0.0)[:, 0]])
