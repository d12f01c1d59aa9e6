# Raises: AttributeError
# Keras 3: a model's output is a tensor, so a loss written for tfp.layers gets
# no distribution.
import keras
import numpy as np

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, (256, 1)).astype("float32")
y = (2 * x + 0.3 * rng.normal(size=(256, 1))).astype("float32")

model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(2)])
model.compile(
    optimizer="adam", loss=lambda y_true, dist: -dist.log_prob(y_true)
)
model.fit(x, y, epochs=1, verbose=0)
