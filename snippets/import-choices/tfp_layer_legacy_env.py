# With TF_USE_LEGACY_KERAS=1, code written against tf.keras works with
# tfp.layers again.
import os

os.environ["TF_USE_LEGACY_KERAS"] = "1"

import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tf.keras.utils.set_random_seed(0)
model = tf.keras.Sequential(
    [
        tf.keras.layers.Input(shape=(1,)),
        tf.keras.layers.Dense(tfp.layers.IndependentNormal.params_size(1)),
        tfp.layers.IndependentNormal(1),
    ]
)
x = np.linspace(-1, 1, 64, dtype="float32")[:, None]
noise = np.random.default_rng(0).normal(size=x.shape).astype("float32")
y = 2 * x + 0.1 * noise
model.compile(
    optimizer=tf.keras.optimizers.Adam(0.05), loss=lambda y, d: -d.log_prob(y)
)
history = model.fit(x, y, epochs=20, verbose=0)
print("tf.keras is:", tf.keras.__name__)
loss = history.history["loss"]
print("loss, first and last epoch:", round(loss[0], 3), round(loss[-1], 3))
