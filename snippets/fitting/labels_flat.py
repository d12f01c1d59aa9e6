# The fix: integer labels of shape (n,), the Categorical's batch shape.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions
keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, (300, 1)).astype("float32")
labels = np.digitize(x + 0.2 * rng.normal(size=(300, 1)), [-0.33, 0.33])


def nll(y_true, logits):
    y_true = tf.reshape(
        tf.cast(y_true, tf.int32), [-1]
    )  # (n, 1) or (n,) -> (n,), integers
    return -tfd.Categorical(logits=logits).log_prob(y_true)


model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(3)])
print(
    "log_prob shape for a batch of 32:", nll(labels[:32], model(x[:32])).shape
)
model.compile(optimizer=keras.optimizers.Adam(0.05), loss=nll)
history = model.fit(x, labels, epochs=20, batch_size=32, verbose=0)
print("loss every 5 epochs:", np.round(history.history["loss"][::5], 3))
accuracy = np.mean(np.argmax(model(x), axis=-1) == labels[:, 0])
print("accuracy:", round(float(accuracy), 3))
