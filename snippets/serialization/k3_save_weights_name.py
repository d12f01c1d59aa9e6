# Raises: ValueError
# The classic weights file name, without the Keras 3 suffix.
import keras

model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(2)])
model.save_weights("my_weights.h5")
