# Raises: ValueError
# The classic load of a SavedModel directory, on Keras 3. The directory
# here is written by model.export, Keras 3's way to write a SavedModel.
import keras

model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(2)])
model.export("my_model", verbose=False)
keras.models.load_model("my_model")
