# The stack every output on this site was recorded on, read from the
# environment. Python is named by its minor release, as .python-version
# names it: a patch release changes no output.
import platform
from importlib.metadata import version

import tensorflow as tf

gpus = tf.config.list_physical_devices("GPU")
details = [tf.config.experimental.get_device_details(g) for g in gpus]
names = [d.get("device_name", "unnamed GPU") for d in details]
device = "GPU: " + ", ".join(names) if gpus else "CPU"

rows = {"Python": ".".join(platform.python_version_tuple()[:2])}
for package in (
    "tensorflow",
    "keras",
    "tf-keras",
    "tensorflow-probability",
    "numpy",
):
    rows[package] = version(package)
rows["Device"] = f"{device} ({platform.machine()})"
for name, value in rows.items():
    print(f"{name:<24}{value}")
