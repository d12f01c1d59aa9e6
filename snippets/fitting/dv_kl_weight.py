# kl_weight left at its default (the full KL in every batch) vs 1 / n_train:
# predictive bands.
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

series = {
    "x": [float(v) for v in grid[:, 0]],
    "true": [float(2 * v) for v in grid[:, 0]],
}
for label, kl_weight in (("default", None), ("1/n", 1 / n_train)):
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
    loss = model.fit(x, y, epochs=100, batch_size=n_train, verbose=0).history[
        "loss"
    ]
    print(f"kl_weight={label}: final loss {loss[-1]:.3g}")
    # predictive distribution: each call draws new weights, then noise
    predictive_draw = tf.function(lambda inputs: model(inputs).sample())
    draws = np.stack([predictive_draw(grid).numpy()[:, 0] for _ in range(200)])
    low, mid, high = np.percentile(draws, [2.5, 50, 97.5], axis=0)
    for suffix, values in (("lo", low), ("med", mid), ("hi", high)):
        series[f"{label}:{suffix}"] = [float(f"{v:.3g}") for v in values]

print(" ".join(f"{name:>11}" for name in series))
for row in zip(*series.values()):
    print(" ".join(f"{v:>11.3g}" for v in row))


def plot(series, path):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 3.4), dpi=100)
    axes = fig.subplots(1, 2, sharey=True)
    for ax, label in zip(axes, ("default", "1/n")):
        ax.fill_between(
            series["x"],
            series[f"{label}:lo"],
            series[f"{label}:hi"],
            alpha=0.3,
            label="95% predictive band",
        )
        ax.plot(series["x"], series[f"{label}:med"], label="predictive median")
        ax.plot(
            series["x"],
            series["true"],
            "k--",
            label="true mean 2x (noise sd 0.3)",
        )
        weight = "None (default)" if label == "default" else "1 / n_train"
        ax.set(xlabel="x", title=f"kl_weight = {weight}")
    axes[0].set_ylabel("y")
    axes[1].legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})


plot(series, "dv_kl_weight.png")
