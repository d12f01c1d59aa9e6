# Counts fitted with a Normal: mass on negative counts, and a worse held-out
# likelihood.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions
keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, (400, 1)).astype("float32")
y = rng.poisson(np.exp(0.3 + 1.2 * x)).astype(
    "float32"
)  # counts: 0, 1, 2, ...
x_train, y_train, x_test, y_test = x[:300], y[:300], x[300:], y[300:]


def normal(params):
    return tfd.Normal(
        loc=params[:, :1], scale=1e-3 + tf.math.softplus(params[:, 1:])
    )


model = keras.Sequential(
    [
        keras.Input((1,)),
        keras.layers.Dense(16, activation="tanh"),
        keras.layers.Dense(2),
    ]
)
model.compile(
    optimizer=keras.optimizers.Adam(0.02),
    loss=lambda y_true, p: -normal(p).log_prob(y_true),
)
model.fit(x_train, y_train, epochs=60, batch_size=100, verbose=0)

dist = normal(model(np.array([[-1.0], [0.0], [1.0]], "float32")))
print("P(y < 0) at x=-1, 0, 1:", np.round(dist.cdf(0.0).numpy().ravel(), 3))
print(
    "95% interval low end:  ",
    np.round(dist.quantile(0.025).numpy().ravel(), 2),
)
test = normal(
    model(x_test)
)  # a density; the probability of count k is the mass on [k-0.5, k+0.5]
p_count = test.cdf(y_test + 0.5) - test.cdf(y_test - 0.5)
print("held-out mean log P(count):", round(float(np.mean(np.log(p_count))), 3))
