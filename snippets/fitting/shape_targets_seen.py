# What shape of targets does Keras 3 hand a custom loss? Targets of shape
# (n,), a model output of two columns, then of one column.
import keras
import numpy as np

keras.utils.set_random_seed(0)
x = np.zeros((64, 1), "float32")
y = np.zeros(64, "float32")  # shape (64,)

for units in (2, 1):
    seen = []

    def loss(y_true, y_pred):
        seen.append((tuple(y_true.shape), tuple(y_pred.shape)))
        return keras.ops.mean(keras.ops.square(y_pred[:, :1]))

    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(units)])
    model.compile(optimizer="adam", loss=loss, run_eagerly=True)
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)
    y_true_shape, y_pred_shape = seen[0]
    print(f"output {y_pred_shape}: the loss receives targets {y_true_shape}")
