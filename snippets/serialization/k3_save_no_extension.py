# Raises: ValueError
# The classic call, a path without an extension (a SavedModel directory
# before Keras 3), on Keras 3.
import keras

model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(2)])
model.save("my_model")
