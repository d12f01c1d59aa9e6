# The Keras 3 recipe on the JAX backend, with TFP's JAX substrate. No
# TensorFlow in the model.
import os

os.environ["KERAS_BACKEND"] = "jax"  # before keras is imported

import jax
import keras
import numpy as np
from tensorflow_probability.substrates import jax as tfp

tfd = tfp.distributions
print(
    "keras",
    keras.__version__,
    "on",
    keras.backend.backend(),
    jax.__version__,
    "| TFP substrate",
    tfp.__version__,
)

rng = np.random.default_rng(0)


def make_data(n):  # the data of the recipes below
    x = rng.uniform(-1, 1, (n, 1))
    y = np.sin(3 * x) + (0.3 + 0.2 * x) * rng.normal(size=(n, 1))
    return x.astype("float32"), y.astype("float32")


x_train, y_train = make_data(1000)
x_test, y_test = make_data(500)


def normal_from(params):
    return tfd.Normal(
        loc=params[..., :1], scale=1e-3 + jax.nn.softplus(params[..., 1:])
    )


def nll(y_true, params):
    return -normal_from(params).log_prob(y_true)


keras.utils.set_random_seed(0)
model = keras.Sequential(
    [
        keras.Input(shape=(1,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(2),
    ]
)
model.compile(optimizer=keras.optimizers.Adam(0.01), loss=nll)
model.fit(x_train, y_train, epochs=25, batch_size=50, verbose=0)

pred = normal_from(model.predict(x_test, verbose=0))
low, high = pred.quantile(0.05), pred.quantile(0.95)
print(
    "held-out NLL:          ", round(float(-pred.log_prob(y_test).mean()), 3)
)
print(
    "90% interval coverage: ",
    round(float(np.mean((y_test >= low) & (y_test <= high))), 3),
)
true = tfd.Normal(loc=np.sin(3 * x_test), scale=0.3 + 0.2 * x_test)
print(
    "NLL of the true model: ", round(float(-true.log_prob(y_test).mean()), 3)
)
