# A Keras 3 layer inside a tf_keras functional model: no error, and nothing
# trains.
import keras
import numpy as np
import tf_keras

tf_keras.utils.set_random_seed(0)
x = np.linspace(-1, 1, 64, dtype="float32")[:, None]
y = 2 * x

dense = keras.layers.Dense(1)  # Keras 3
inputs = tf_keras.Input(shape=(1,))
model = tf_keras.Model(inputs, dense(inputs))
print("trainable weights the model sees:", len(model.trainable_weights))

model.compile(optimizer=tf_keras.optimizers.Adam(0.1), loss="mse")
history = model.fit(x, y, epochs=5, verbose=0)
print("loss per epoch:", [round(v, 4) for v in history.history["loss"]])
