# Raises: AttributeError
# A tf_keras model with a tfp.layers head, called on a Keras 3 Input.
import keras
import tensorflow_probability as tfp
import tf_keras

head = tf_keras.Sequential(
    [
        tf_keras.Input(shape=(1,)),
        tf_keras.layers.Dense(2),
        tfp.layers.IndependentNormal(1),
    ]
)
outputs = head(keras.Input(shape=(1,)))
