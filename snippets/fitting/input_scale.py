# F3: a plain Dense layer has no prior; raw-unit inputs and targets are what
# slows fitting.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions
rng = np.random.default_rng(0)
x = rng.uniform(0, 1000, (256, 1)).astype("float32")  # e.g. floor area
y = (3 * x + 2000 + 100 * rng.normal(size=(256, 1))).astype(
    "float32"
)  # e.g. price


def nll(y_true, params):
    scale = 1e-3 + tf.math.softplus(params[:, 1:])
    return -tfd.Normal(loc=params[:, :1], scale=scale).log_prob(y_true)


def fit(inputs, targets):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(2)])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss=nll)
    history = model.fit(inputs, targets, epochs=40, batch_size=64, verbose=0)
    return model, np.array(history.history["loss"])


model, raw_loss = fit(x, y)
print(
    "extra loss terms of a plain Dense model (a prior would be one):",
    model.losses,
)
params = model.predict(np.array([[0.0], [1000.0]], "float32"), verbose=0)
print(
    "raw fit at x=0, 1000: mean",
    np.round(params[:, 0]),
    "(data: 2000, 5000), scale",
    np.round(1e-3 + np.logaddexp(0.0, params[:, 1])),
    "(data: 100)",
)
# standardised: same data, each column shifted and divided by its standard
# deviation
x_mu, x_sd, y_mu, y_sd = x.mean(), x.std(), y.mean(), y.std()
_, std_loss = fit((x - x_mu) / x_sd, (y - y_mu) / y_sd)
std_loss = std_loss + np.log(
    y_sd
)  # NLL of y in original units: same quantity as raw_loss

series = {
    "epoch": [float(e) for e in range(1, 41, 2)],
    "raw": [float(f"{v:.4g}") for v in raw_loss[::2]],
    "standardised": [float(f"{v:.4g}") for v in std_loss[::2]],
}
print(" ".join(f"{name:>12}" for name in series))
for row in zip(*series.values()):
    print(" ".join(f"{v:>12.4g}" for v in row))


def plot(series, path):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 3.6), dpi=100)
    ax = fig.subplots()
    for name in ("raw", "standardised"):
        ax.plot(
            series["epoch"],
            series[name],
            marker="o",
            markersize=3,
            label=f"{name} x and y",
        )
    ax.set(
        xlabel="epoch",
        ylabel="NLL of y (original units)",
        yscale="log",
        title="Same model, same data: raw vs standardised columns",
    )
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})


plot(series, "input_scale.png")
