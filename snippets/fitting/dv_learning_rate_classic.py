# The DenseVariational model of dv_learning_rate.py with Adam at 0.1, the
# rate many classic examples use, beside 0.05: the loss every 8th epoch.
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd, tfpl = tfp.distributions, tfp.layers


def posterior(kernel_size, bias_size=0, dtype=None):
    n = kernel_size + bias_size
    return tf_keras.Sequential(
        [
            tfpl.VariableLayer(2 * n, dtype=dtype),
            tfpl.DistributionLambda(
                lambda t: tfd.Independent(
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
        [
            tfpl.DistributionLambda(
                lambda t: tfd.Independent(
                    tfd.Normal(loc=tf.zeros(n, dtype), scale=1.0),
                    reinterpreted_batch_ndims=1,
                )
            )
        ]
    )


rng = np.random.default_rng(0)
n_train, epochs = 100, 80
x = rng.uniform(-1, 1, (n_train, 1)).astype("float32")
y = (2 * x + 0.3 * rng.normal(size=(n_train, 1))).astype("float32")

series = {"epoch": [float(e) for e in range(1, epochs + 1, 8)]}
for lr in (0.05, 0.1):  # 0.1: the rate of many classic examples
    tf_keras.utils.set_random_seed(0)
    model = tf_keras.Sequential(
        [
            tf_keras.layers.Input((1,)),
            tfpl.DenseVariational(2, posterior, prior, kl_weight=1 / n_train),
            tfpl.DistributionLambda(
                lambda t: tfd.Normal(
                    t[..., :1], 1e-3 + tf.math.softplus(t[..., 1:])
                )
            ),
        ]
    )
    model.compile(
        optimizer=tf_keras.optimizers.Adam(lr),
        loss=lambda y_true, dist: -dist.log_prob(y_true),
    )
    loss = model.fit(
        x, y, epochs=epochs, batch_size=n_train, verbose=0
    ).history["loss"]
    series[f"lr={lr:g}"] = [float(f"{v:.4g}") for v in loss[::8]]

print(" ".join(f"{name:>9}" for name in series))
for row in zip(*series.values()):
    print(" ".join(f"{v:>9.4g}" for v in row))

