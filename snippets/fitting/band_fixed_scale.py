# A fixed scale (Normal(loc=output, scale=0.5)) vs a learned one, on noise that
# grows with x.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions
rng = np.random.default_rng(0)
noise_sd = lambda x: 0.1 + 0.6 * (x + 1)  # 0.1 at x=-1, 1.3 at x=1
x = rng.uniform(-1, 1, (512, 1)).astype("float32")
y = (x + noise_sd(x) * rng.normal(size=(512, 1))).astype("float32")

heads = {
    "fixed": lambda p: tfd.Normal(
        loc=p[:, :1], scale=0.5
    ),  # the output's 2nd column is unused
    "learned": lambda p: tfd.Normal(
        loc=p[:, :1], scale=1e-3 + tf.math.softplus(p[:, 1:])
    ),
}
grid = np.linspace(-1, 1, 11, dtype="float32")[:, None]
series = {
    "x": [float(v) for v in grid[:, 0]],
    "true:lo": [
        float(f"{v:.3g}") for v in grid[:, 0] - 1.96 * noise_sd(grid[:, 0])
    ],
    "true:hi": [
        float(f"{v:.3g}") for v in grid[:, 0] + 1.96 * noise_sd(grid[:, 0])
    ],
}
for name, head in heads.items():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(2)])
    model.compile(
        optimizer=keras.optimizers.Adam(0.05),
        loss=lambda y_true, p: -head(p).log_prob(y_true),
    )
    model.fit(x, y, epochs=20, batch_size=128, verbose=0)
    dist = head(model(x))
    inside = (dist.quantile(0.025).numpy() <= y) & (
        y <= dist.quantile(0.975).numpy()
    )
    thirds = [
        inside[(x >= a) & (x < b)].mean()
        for a, b in ((-1, -1 / 3), (-1 / 3, 1 / 3), (1 / 3, 1))
    ]
    print(
        f"{name} scale: its 95% band covers",
        ", ".join(f"{c:.0%}" for c in thirds),
        "of the points in the left, middle and right third of x",
    )
    band = head(model(grid))
    series[f"{name}:lo"] = [
        float(f"{v:.3g}") for v in band.quantile(0.025).numpy()[:, 0]
    ]
    series[f"{name}:hi"] = [
        float(f"{v:.3g}") for v in band.quantile(0.975).numpy()[:, 0]
    ]

print(" ".join(f"{name:>10}" for name in series))
for row in zip(*series.values()):
    print(" ".join(f"{v:>10.3g}" for v in row))


def plot(series, path):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 3.4), dpi=100)
    axes = fig.subplots(1, 2, sharey=True)
    for ax, name in zip(axes, ("fixed", "learned")):
        ax.fill_between(
            series["x"],
            series[f"{name}:lo"],
            series[f"{name}:hi"],
            alpha=0.3,
            label="model's 95% band",
        )
        ax.plot(series["x"], series["true:lo"], "k--", label="true 95% band")
        ax.plot(series["x"], series["true:hi"], "k--")
        ax.set(
            xlabel="x",
            title="scale fixed at 0.5"
            if name == "fixed"
            else "scale learned (softplus)",
        )
    axes[0].set_ylabel("y")
    axes[0].legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})


plot(series, "band_fixed_scale.png")
