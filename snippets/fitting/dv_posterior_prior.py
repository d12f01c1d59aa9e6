# The fix: posterior and prior makers with the signature (kernel_size,
# bias_size=0, dtype=None),
# each returning a tf_keras model that outputs a distribution over all
# kernel_size + bias_size weights.
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd, tfpl = tfp.distributions, tfp.layers


def posterior(kernel_size, bias_size=0, dtype=None):
    n = kernel_size + bias_size
    return tf_keras.Sequential(
        [
            tfpl.VariableLayer(
                2 * n, dtype=dtype
            ),  # trainable: n means, n raw scales
            tfpl.DistributionLambda(
                lambda t: tfd.Independent(
                    # softplus(raw - 3) starts every weight's scale near 0.05
                    tfd.Normal(
                        loc=t[..., :n],
                        scale=1e-3 + tf.math.softplus(t[..., n:] - 3.0),
                    ),
                    reinterpreted_batch_ndims=1,
                )
            ),
        ]
    )


def prior(kernel_size, bias_size=0, dtype=None):
    n = kernel_size + bias_size
    return tf_keras.Sequential(
        [  # fixed N(0, 1) on every weight, nothing to train
            tfpl.DistributionLambda(
                lambda t: tfd.Independent(
                    tfd.Normal(loc=tf.zeros(n, dtype), scale=1.0),
                    reinterpreted_batch_ndims=1,
                )
            ),
        ]
    )


tf_keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
n_train = 100
x = rng.uniform(-1, 1, (n_train, 1)).astype("float32")
y = (2 * x + 0.3 * rng.normal(size=(n_train, 1))).astype("float32")

model = tf_keras.Sequential(
    [
        tf_keras.layers.Input((1,)),
        tfpl.DenseVariational(
            2, posterior, prior, kl_weight=1 / n_train
        ),  # outputs loc and raw scale
        tfpl.DistributionLambda(
            lambda t: tfd.Normal(
                t[..., :1], 1e-3 + tf.math.softplus(t[..., 1:])
            )
        ),
    ]
)
model.compile(
    optimizer=tf_keras.optimizers.Adam(0.05),
    loss=lambda y_true, dist: -dist.log_prob(y_true),
)
history = model.fit(x, y, epochs=100, batch_size=n_train, verbose=0)
print("loss every 10 epochs:", np.round(history.history["loss"][::10], 3))
x3 = np.array([[-1.0], [0.0], [1.0]], "float32")
means = np.stack(
    [model(x3).mean().numpy().ravel() for _ in range(100)]
)  # a weight draw per call
print(
    "mean at x=-1, 0, 1:", np.round(means.mean(axis=0), 2), "(data: -2, 0, 2)"
)
print("spread over weight draws:", np.round(means.std(axis=0), 3))
