# The stack every output on this site was recorded on, read from the environment.
import platform
from importlib.metadata import version

import tensorflow as tf

gpus = tf.config.list_physical_devices("GPU")
device = ", ".join(tf.config.experimental.get_device_details(g).get("device_name", g.name) for g in gpus)

print("| Component | Version |")
print("|---|---|")
print(f"| Python | {platform.python_version()} |")
for package in ("tensorflow", "keras", "tf-keras", "tensorflow-probability", "numpy"):
    print(f"| {package} | {version(package)} |")
print(f"| Device | {'GPU: ' + device if gpus else 'CPU'} ({platform.machine()}) |")
