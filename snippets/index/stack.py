# The stack every output on this site was recorded on, read from the
# environment.
import platform
from importlib.metadata import version

import tensorflow as tf

gpus = tf.config.list_physical_devices("GPU")
details = [tf.config.experimental.get_device_details(g) for g in gpus]
names = [d.get("device_name", "unnamed GPU") for d in details]
device = "GPU: " + ", ".join(names) if gpus else "CPU"

print("| Component | Version |")
print("|---|---|")
print(f"| Python | {platform.python_version()} |")
packages = ("tensorflow", "keras", "tf-keras", "tensorflow-probability",
            "numpy")
for package in packages:
    print(f"| {package} | {version(package)} |")
print(f"| Device | {device} ({platform.machine()}) |")
