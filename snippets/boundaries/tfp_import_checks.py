# What TFP 0.25 checks before its TensorFlow modules load, and how it picks a
# Keras,
# read from its own source.
import inspect
import re
from importlib.metadata import requires
from importlib.util import find_spec

from tensorflow_probability import python as tfp_python

source = inspect.getsource(tfp_python._validate_tf_environment)
print(
    "TensorFlow floor:",
    re.search(r"required_tensorflow_version = '([\d.]+)'", source).group(1),
)
print("imports tf_keras:", "import tf_keras" in source)
print(
    "the tf extra adds:",
    [
        r.split(";")[0]
        for r in requires("tensorflow-probability")
        if 'extra == "tf"' in r
    ],
)

# The Keras that tfp.layers use
# (tensorflow_probability/python/internal/tf_keras.py):
picker = find_spec("tensorflow_probability.python.internal.tf_keras").origin
with open(picker) as f:
    print(
        "its Keras rule:  ",
        next(line.strip() for line in f if "_use_tf_keras = _keras" in line),
    )
