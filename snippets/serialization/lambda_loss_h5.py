# Raises: ValueError
# tf_keras: a model compiled with a lambda loss saves as .h5, but the compiled
# load fails.
import numpy as np
import tensorflow_probability as tfp
import tf_keras

rng = np.random.default_rng(0)
x = rng.normal(size=(64, 1)).astype("float32")
y = (2 * x + rng.normal(scale=0.5, size=(64, 1))).astype("float32")

tf_keras.utils.set_random_seed(0)
model = tf_keras.Sequential(
    [
        tf_keras.layers.Input(shape=(1,)),
        tf_keras.layers.Dense(tfp.layers.IndependentNormal.params_size(1)),
        tfp.layers.IndependentNormal(1),
    ]
)
model.compile(optimizer="adam", loss=lambda y, rv: -rv.log_prob(y))
model.fit(x, y, epochs=1, verbose=0)
model.save("model.h5")
tf_keras.models.load_model("model.h5")
