# The classic Sequential code, `input_shape` on the first layer, on Keras 3:
# it still builds, with a warning; keras.Input is the Keras 3 form.
import keras

model = keras.Sequential([keras.layers.Dense(2, input_shape=(1,))])
print("built:", model.built, "| output shape:", model.output_shape)
model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(2)])
print("with keras.Input, built:", model.built)
