# The outcome matrix: six probabilistic models x eight save/load routes, every
# cell run.
# Prints a markdown table; each cell catches its own exception.
import logging
import warnings

import absl.logging
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras
import keras

tfd, tfpl = tfp.distributions, tfp.layers
warnings.simplefilter(
    "ignore"
)  # keep the table clean; the focused snippets show warnings
logging.getLogger("tensorflow").setLevel(logging.ERROR)
absl.logging.set_verbosity(absl.logging.ERROR)

rng = np.random.default_rng(0)
x = rng.normal(size=(64, 1)).astype("float32")
y = (2 * x + rng.normal(scale=0.5, size=(64, 1))).astype("float32")
x_test = np.linspace(-1, 1, 5, dtype="float32").reshape(-1, 1)


# ------------------------------------------------------------------ tf_keras m
def posterior(kernel_size, bias_size=0, dtype=None):
    n = kernel_size + bias_size
    return tf_keras.Sequential(
        [
            tfpl.VariableLayer(2 * n, dtype=dtype),
            tfpl.DistributionLambda(
                lambda t: tfd.Independent(
                    tfd.Normal(t[..., :n], 1e-5 + tf.nn.softplus(t[..., n:])),
                    1,
                )
            ),
        ]
    )


def prior(kernel_size, bias_size=0, dtype=None):
    n = kernel_size + bias_size
    return tf_keras.Sequential(
        [
            tfpl.VariableLayer(n, dtype=dtype, trainable=False),
            tfpl.DistributionLambda(
                lambda t: tfd.Independent(tfd.Normal(t, 1.0), 1)
            ),
        ]
    )


class ProbModel(
    tf_keras.Model
):  # plain subclass: no get_config, not registered
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = tf_keras.layers.Dense(2)
        self.head = tfpl.IndependentNormal(1)

    def call(self, inputs):
        return self.head(self.dense(inputs))


@tf_keras.saving.register_keras_serializable(package="demo")
class RegisteredProbModel(ProbModel):  # registered, and its config rebuilds it
    def get_config(self):
        return super().get_config()


def build(kind):
    if kind in ("subclassed", "subclassed, registered"):
        model = ProbModel() if kind == "subclassed" else RegisteredProbModel()
        model(x_test)
        return model
    if kind == "DistributionLambda":
        head = [
            tf_keras.layers.Dense(2),
            tfpl.DistributionLambda(
                lambda t: tfd.Normal(
                    t[..., :1], 1e-3 + tf.math.softplus(t[..., 1:])
                )
            ),
        ]
    elif kind == "IndependentNormal":
        head = [tf_keras.layers.Dense(2), tfpl.IndependentNormal(1)]
    else:
        head = [
            tfpl.DenseVariational(2, posterior, prior, kl_weight=1 / 64),
            tfpl.IndependentNormal(1),
        ]
    return tf_keras.Sequential([tf_keras.layers.Input(shape=(1,)), *head])


def trained(kind):
    tf_keras.utils.set_random_seed(0)
    model = build(kind)
    model.compile(
        optimizer=tf_keras.optimizers.Adam(0.01),
        loss=lambda y, rv: -rv.log_prob(y),
    )
    model.fit(x, y, epochs=2, verbose=0)
    return model


def predictive(model):
    tf.random.set_seed(1)  # DenseVariational draws its weights on every call
    out = model(x_test)
    if not isinstance(out, tfd.Distribution):
        raise TypeError(type(out).__name__)
    return out.mean().numpy(), out.stddev().numpy()


def tf_keras_rebuild(kind, model):
    model.save_weights("m.weights.h5")
    tf_keras.utils.set_random_seed(
        1
    )  # a different initialisation, then the saved weights
    rebuilt = build(kind)
    rebuilt(x_test)
    rebuilt.load_weights("m.weights.h5")
    return rebuilt


TF_KERAS_SAVE = {
    ".keras": "m.keras",
    ".h5": "m.h5",
    "SavedModel": "m_savedmodel",
}
TF_KERAS_LOAD = {
    ".keras": lambda: tf_keras.models.load_model("m.keras"),
    ".keras no compile": lambda: tf_keras.models.load_model(
        "m.keras", compile=False
    ),
    ".keras unsafe": lambda: tf_keras.models.load_model(
        "m.keras", compile=False, safe_mode=False
    ),
    ".h5": lambda: tf_keras.models.load_model("m.h5"),
    ".h5 no compile": lambda: tf_keras.models.load_model(
        "m.h5", compile=False
    ),
    "SavedModel": lambda: tf_keras.models.load_model("m_savedmodel"),
    "SavedModel no compile": lambda: tf_keras.models.load_model(
        "m_savedmodel", compile=False
    ),
}


# ------------------------------------------------------------------ Keras 3 na
def normal_from(params):
    return tfd.Normal(
        params[..., :1], 1e-3 + tf.math.softplus(params[..., 1:])
    )


@keras.saving.register_keras_serializable(package="demo")
def gaussian_nll(y_true, params):
    return -normal_from(params).log_prob(y_true)


def k3_build():
    return keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(2)])


def k3_trained():
    keras.utils.set_random_seed(0)
    model = k3_build()
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss=gaussian_nll)
    model.fit(x, y, epochs=2, verbose=0)
    return model


def k3_predictive(model):
    params = model(x_test)
    if isinstance(params, dict):  # TFSMLayer returns a dict of outputs
        (params,) = params.values()
    dist = normal_from(tf.convert_to_tensor(params))
    return dist.mean().numpy(), dist.stddev().numpy()


def k3_save(route, model):
    {
        ".keras": lambda: model.save("k.keras"),
        ".h5": lambda: model.save("k.h5"),
        "SavedModel": lambda: model.export("k_savedmodel", verbose=False),
    }[route]()


def k3_rebuild(model):
    model.save_weights("k.weights.h5")
    keras.utils.set_random_seed(1)
    rebuilt = k3_build()
    rebuilt.load_weights("k.weights.h5")
    return rebuilt


K3_LOAD = {
    ".keras": lambda: keras.saving.load_model("k.keras"),
    ".keras no compile": lambda: keras.saving.load_model(
        "k.keras", compile=False
    ),
    ".keras unsafe": lambda: keras.saving.load_model(
        "k.keras", compile=False, safe_mode=False
    ),
    ".h5": lambda: keras.saving.load_model("k.h5"),
    ".h5 no compile": lambda: keras.saving.load_model(
        "k.h5", compile=False
    ),
    "SavedModel": lambda: keras.layers.TFSMLayer(
        "k_savedmodel", call_endpoint="serve"
    ),
}


# ------------------------------------------------------------------ cells
ROUTES = [*TF_KERAS_LOAD, "save_weights"]
notes = []  # numbered under the table: errors, and what a ✓ or ⚠ hides


def noted(symbol, text):
    if text not in notes:
        notes.append(text)
    return f"{symbol} [{notes.index(text) + 1}]"


def failure(step, exc):
    text = " ".join(f"{type(exc).__name__}: {exc}".split()).split(". ")[0]
    return noted("✗", f"{step}``{text}``")


def layer_name(model):
    """Last layer class, or the first object tf_keras had to revive."""
    parts = [model, *getattr(model, "layers", [])]
    revived = [
        p for p in parts if type(p).__module__.endswith("saved_model.load")
    ]
    if revived:
        return f"revived {type(revived[0]).__name__}"
    return type(parts[-1]).__name__


def cell(load, model, predictive_fn):
    """A bare ✓: same predictive mean and stddev, same last layer class."""
    try:
        loaded = load()
    except Exception as exc:
        return failure("", exc)
    try:
        mean, std = predictive_fn(loaded)
    except TypeError as exc:
        return noted("⚠", f"returns {exc}; {layer_name(loaded)}")
    want_mean, want_std = predictive_fn(model)
    remarks = []
    if np.allclose(mean, want_mean, atol=1e-6) and np.allclose(
        std, want_std, atol=1e-6
    ):
        symbol = "✓"
    elif all(
        np.array_equal(a, b)
        for a, b in zip(model.get_weights(), loaded.get_weights())
    ):
        symbol = "✓"
        remarks.append("same weights, other random draws")
    else:
        symbol = "⚠"
        remarks.append("predictions differ")
    if layer_name(loaded) != layer_name(model):
        remarks.append(f"last layer {layer_name(loaded)}")
    return noted(symbol, "; ".join(remarks)) if remarks else symbol


def row(label, model, save, load, predictive_fn, rebuild):
    save_error = {}
    for route in ("SavedModel", ".keras", ".h5"):
        try:
            save(route, model)
        except Exception as exc:
            save_error[route] = failure("while saving: ", exc)
    cells = []
    for route in ROUTES:
        fmt = route.split()[0]
        if route == "save_weights":
            cells.append(cell(lambda: rebuild(model), model, predictive_fn))
        elif route not in load:
            cells.append("—")
        elif fmt in save_error:
            cells.append(save_error[fmt])
        else:
            cells.append(cell(load[route], model, predictive_fn))
    return f"| {label} | " + " | ".join(cells) + " |"


rows = []
for kind in [
    "DistributionLambda",
    "IndependentNormal",
    "DenseVariational",
    "subclassed",
    "subclassed, registered",
]:
    model = trained(kind)
    rows.append(
        row(
            f"tf_keras, {kind}",
            model,
            lambda route, m: m.save(TF_KERAS_SAVE[route]),
            TF_KERAS_LOAD,
            predictive,
            lambda m, kind=kind: tf_keras_rebuild(kind, m),
        )
    )
rows.append(
    row(
        "Keras 3, Dense → loc, scale; registered loss",
        k3_trained(),
        k3_save,
        K3_LOAD,
        k3_predictive,
        k3_rebuild,
    )
)

split = [route.partition(" ") for route in ROUTES]  # format, how loaded
heads = [f"`{fmt}` {how}".strip() for fmt, _, how in split]
print("| model | " + " | ".join(heads) + " |")
print("|---" * (len(ROUTES) + 1) + "|")
print(*rows, sep="\n")
print()
for number, text in enumerate(notes, 1):
    print(f"{number}. {text}")
