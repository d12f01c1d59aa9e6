# The same probabilistic regression with tf_keras and a tfp.layers head:
# the model outputs the Normal itself.
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd = tfp.distributions

rng = np.random.default_rng(0)


def make_data(n):  # noise grows with x: stddev from 0.1 at x=-1 to 0.5 at x=1
    x = rng.uniform(-1, 1, (n, 1))
    y = np.sin(3 * x) + (0.3 + 0.2 * x) * rng.normal(size=(n, 1))
    return x.astype("float32"), y.astype("float32")


x_train, y_train = make_data(1000)
x_test, y_test = make_data(500)


def normal_from(params):
    return tfd.Normal(
        loc=params[..., :1], scale=1e-3 + tf.math.softplus(params[..., 1:])
    )


tf_keras.utils.set_random_seed(0)
model = tf_keras.Sequential(
    [
        tf_keras.Input(shape=(1,)),
        tf_keras.layers.Dense(32, activation="relu"),
        tf_keras.layers.Dense(32, activation="relu"),
        tf_keras.layers.Dense(2),
        tfp.layers.DistributionLambda(normal_from),
    ]
)
model.compile(
    optimizer=tf_keras.optimizers.Adam(0.01),
    loss=lambda y, dist: -dist.log_prob(y),
)
model.fit(x_train, y_train, epochs=25, batch_size=50, verbose=0)

pred = model(x_test)  # a distribution
low, high = pred.quantile(0.05).numpy(), pred.quantile(0.95).numpy()
print(
    "held-out NLL:          ",
    round(float(-tf.reduce_mean(pred.log_prob(y_test))), 3),
)
print(
    "90% interval coverage: ",
    round(float(np.mean((y_test >= low) & (y_test <= high))), 3),
)
print(
    "predictive mean at x = -0.5, 0, 0.5:",
    [
        round(float(m), 2)
        for m in model(np.array([[-0.5], [0.0], [0.5]])).mean()[:, 0]
    ],
)
true = tfd.Normal(loc=np.sin(3 * x_test), scale=0.3 + 0.2 * x_test)
print(
    "NLL of the true model: ",
    round(float(-tf.reduce_mean(true.log_prob(y_test))), 3),
)
