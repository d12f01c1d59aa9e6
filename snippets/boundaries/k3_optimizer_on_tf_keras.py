# Raises: ValueError
# A tf_keras model with tfp.layers, compiled with a Keras 3 optimizer.
import keras
import tensorflow_probability as tfp
import tf_keras

model = tf_keras.Sequential(
    [
        tf_keras.Input(shape=(1,)),
        tf_keras.layers.Dense(2),
        tfp.layers.IndependentNormal(1),
    ]
)
model.compile(
    optimizer=keras.optimizers.Adam(0.01),
    loss=lambda y, dist: -dist.log_prob(y),
)
