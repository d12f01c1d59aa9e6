# Adam's learning rate on a DenseVariational model: too low, right, too high
# (loss curves).
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

series = {"epoch": [float(e) for e in range(1, epochs + 1, 4)]}
for lr in (1e-3, 5e-2, 5.0):
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
    series[f"lr={lr:g}"] = [float(f"{v:.4g}") for v in loss[::4]]

print(" ".join(f"{name:>9}" for name in series))
for row in zip(*series.values()):
    print(" ".join(f"{v:>9.4g}" for v in row))


def plot(series, path):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 3.6), dpi=100)
    ax = fig.subplots()
    for name, values in series.items():
        if name != "epoch":
            ax.plot(
                series["epoch"], values, marker="o", markersize=3, label=name
            )
    ax.set(
        xlabel="epoch",
        ylabel="loss (NLL + KL / n_train)",
        title="DenseVariational: Adam learning rate",
    )
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})


plot(series, "dv_learning_rate.png")
