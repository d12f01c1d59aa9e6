# Fix: compose the outer model from tf_keras too.
import numpy as np
import tensorflow_probability as tfp
import tf_keras

head = tf_keras.Sequential(
    [
        tf_keras.Input(shape=(1,)),
        tf_keras.layers.Dense(2),
        tfp.layers.IndependentNormal(1),
    ]
)
inputs = tf_keras.Input(shape=(1,))
model = tf_keras.Model(inputs, head(inputs))
dist = model(np.array([[0.5]], dtype="float32"))
print("a TFP distribution:", isinstance(dist, tfp.distributions.Distribution))
