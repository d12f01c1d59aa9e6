# Raises: TypeError
# A Keras 3 layer added to a tf_keras Sequential model.
import keras
import tf_keras

model = tf_keras.Sequential(
    [tf_keras.Input(shape=(1,)), keras.layers.Dense(1)]
)
