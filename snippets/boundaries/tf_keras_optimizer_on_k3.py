# Raises: ValueError
# The reverse: a Keras 3 model compiled with a tf_keras optimizer.
import keras
import tf_keras

model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(2)])
model.compile(optimizer=tf_keras.optimizers.Adam(0.01), loss="mse")
