# The fix: a count distribution. The network outputs the log rate of a Poisson.
import keras
import numpy as np
import tensorflow_probability as tfp

tfd = tfp.distributions
keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, (400, 1)).astype("float32")
y = rng.poisson(np.exp(0.3 + 1.2 * x)).astype("float32")
x_train, y_train, x_test, y_test = x[:300], y[:300], x[300:], y[300:]

model = keras.Sequential(
    [
        keras.Input((1,)),
        keras.layers.Dense(16, activation="tanh"),
        keras.layers.Dense(1),
    ]
)
model.compile(
    optimizer=keras.optimizers.Adam(0.02),
    loss=lambda y_true, log_rate: (
        -tfd.Poisson(log_rate=log_rate).log_prob(y_true)
    ),
)
model.fit(x_train, y_train, epochs=60, batch_size=100, verbose=0)

dist = tfd.Poisson(log_rate=model(np.array([[-1.0], [0.0], [1.0]], "float32")))
print(
    "rate at x=-1, 0, 1:",
    np.round(dist.rate_parameter().numpy().ravel(), 2),
    "| true:",
    np.round(np.exp(0.3 + 1.2 * np.array([-1.0, 0.0, 1.0])), 2),
)
print("P(y = 0) at x=-1, 0, 1:", np.round(dist.prob(0.0).numpy().ravel(), 3))
test = tfd.Poisson(log_rate=model(x_test))
print(
    "held-out mean log P(count):",
    round(float(np.mean(test.log_prob(y_test))), 3),
)
