# Which Keras is tfp.layers built on? Ask under both settings of
# TF_USE_LEGACY_KERAS.
import subprocess
import sys

PROBE = """
import os
import sys
os.environ["TF_USE_LEGACY_KERAS"] = "{legacy}"
import keras
import tensorflow as tf
import tensorflow_probability as tfp

# The installed package a module belongs to, with its version.
def package(module_name):
    root = module_name.split(".")[0]
    return root + " " + sys.modules[root].__version__

mro = tfp.layers.DistributionLambda.__mro__
base = next(c for c in mro if c.__name__ == "Layer")
print("  import keras:               ", package(keras.__name__))
name = tf.keras.__name__
print("  tf.keras:                   ", name, "->", package(name))
name = base.__module__
print("  DistributionLambda's Layer: ", name, "->", package(name))
"""

# One fresh interpreter per setting (the variable is read once per process),
# run side by side.
runs = {
    legacy: subprocess.Popen(
        [sys.executable, "-c", PROBE.format(legacy=legacy)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    for legacy in ("0", "1")
}
for legacy, run in runs.items():
    print(f"TF_USE_LEGACY_KERAS={legacy}")
    print(run.communicate()[0], end="")
