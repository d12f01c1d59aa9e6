# kl_weight with mini-batches: the layer adds kl_weight * KL at every
# batch, to a loss that is the mean NLL of that batch. 1 / n_train keeps
# the prior's weight of the full-batch fit; 1 / batch_size multiplies it.
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
n_train = 100
x = rng.uniform(-1, 1, (n_train, 1)).astype("float32")
y = (2 * x + 0.3 * rng.normal(size=(n_train, 1))).astype("float32")
grid = np.linspace(-1, 1, 11, dtype="float32")[:, None]

print(f"{'batch_size':>10} {'kl_weight':>10} {'steps':>6} {'KL share':>9}"
      f" {'band width':>11}")
for batch_size, label, kl_weight in ((100, "1/n_train", 1 / n_train),
                                     (20, "1/n_train", 1 / n_train),
                                     (20, "1/batch", 1 / 20)):
    tf_keras.utils.set_random_seed(0)
    model = tf_keras.Sequential(
        [
            tf_keras.layers.Input((1,)),
            tfpl.DenseVariational(2, posterior, prior, kl_weight=kl_weight),
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
    steps = 100  # the same number of gradient steps for each fit
    epochs = steps * batch_size // n_train
    model.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0)
    # the loss of one batch: mean NLL + the KL term the layer adds
    dist = model(x[:batch_size])
    nll = -float(tf.reduce_mean(dist.log_prob(y[:batch_size])))
    kl_term = float(model.losses[0])
    total = nll + kl_term
    # the 95% predictive band on the grid, from 200 draws
    predictive_draw = tf.function(lambda inputs: model(inputs).sample())
    draws = np.stack([predictive_draw(grid).numpy()[:, 0] for _ in range(200)])
    low, high = np.percentile(draws, [2.5, 97.5], axis=0)
    print(f"{batch_size:>10} {label:>10} {steps:>6} {kl_term / total:>9.2f}"
          f" {np.mean(high - low):>11.2f}")
print("band width of the true model (noise sd 0.3):",
      round(2 * 1.96 * 0.3, 2))
