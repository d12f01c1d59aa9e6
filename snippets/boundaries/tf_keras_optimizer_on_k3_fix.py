# Fix: a Keras 3 model takes a Keras 3 optimizer.
import keras

model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(2)])
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
print("optimizer:", type(model.optimizer).__module__)
