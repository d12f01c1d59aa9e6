# The versions that decide which import errors you can meet: print them
# before TFP is first used.
from importlib.metadata import PackageNotFoundError, version

for package in ("tensorflow", "tf-nightly", "keras", "keras-nightly",
                "tf-keras", "tf-keras-nightly", "tensorflow-probability",
                "tfp-nightly"):
    try:
        print(f"{package:24}{version(package)}")
    except PackageNotFoundError:
        pass

import tensorflow_probability as tfp

# TFP loads its TensorFlow modules on first use, not on import.
normal = tfp.distributions.Normal(loc=0.0, scale=1.0)
print("TFP works: log_prob(0) =", normal.log_prob(0.0).numpy().round(4))
