# Raises: ModuleNotFoundError
# TFP without tf-keras installed. A finder stands in for the missing package.
import importlib.abc
import sys


class NoTfKeras(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "tf_keras" or name.startswith("tf_keras."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, NoTfKeras())

import tensorflow_probability as tfp

print("import tensorflow_probability: fine")
tfp.distributions.Normal(
    0.0, 1.0
)  # not even a layer: the first use runs TFP's checks
