# Raises: InvalidArgumentError
# validate_args=True: the same model stops at the first batch with a negative
# scale.
import keras
import numpy as np
import tensorflow_probability as tfp

tfd = tfp.distributions
keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, (256, 1)).astype("float32")
y = (2 * x + 0.3 * rng.normal(size=(256, 1))).astype("float32")


def nll(y_true, params):
    dist = tfd.Normal(
        loc=params[:, :1], scale=params[:, 1:], validate_args=True
    )
    return -dist.log_prob(y_true)


model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(2)])
# run_eagerly=True keeps the error short; in graph mode it is the same error
# after a traceback
model.compile(
    optimizer=keras.optimizers.Adam(0.05), loss=nll, run_eagerly=True
)
model.fit(x, y, epochs=5, batch_size=32, verbose=0)
