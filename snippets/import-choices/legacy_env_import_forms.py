# TF_USE_LEGACY_KERAS set after `import tensorflow`: which Keras does each
# way of reaching tf.keras give?
import subprocess
import sys

PROBE = """
import os
import tensorflow as tf
os.environ["TF_USE_LEGACY_KERAS"] = "1"  # after import tensorflow
{access}
print(Dense.__module__.split(".")[0])
"""

forms = {
    "tf.keras.layers.Dense": "Dense = tf.keras.layers.Dense",
    "from tensorflow import keras": (
        "from tensorflow import keras\nDense = keras.layers.Dense"),
    "from tensorflow.keras.layers import Dense": (
        "from tensorflow.keras.layers import Dense"),
    "import tensorflow.keras": (
        "import tensorflow.keras\nDense = tensorflow.keras.layers.Dense"),
}
for label, access in forms.items():
    # A fresh interpreter each: the flavour is fixed once Keras has loaded.
    run = subprocess.run(
        [sys.executable, "-c", PROBE.format(access=access)],
        capture_output=True, text=True, check=True,
    )
    print(f"{label:42} -> {run.stdout.strip()}")
