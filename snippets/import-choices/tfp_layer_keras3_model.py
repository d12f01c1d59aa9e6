# Raises: ValueError
# A tfp.layers layer cannot join a Keras 3 model: it is a tf_keras layer.
import keras
import tensorflow_probability as tfp

model = keras.Sequential(
    [
        keras.Input(shape=(1,)),
        keras.layers.Dense(2),
        tfp.layers.IndependentNormal(1),
    ]
)
