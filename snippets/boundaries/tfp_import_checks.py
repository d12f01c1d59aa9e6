# What TFP 0.25 checks before its TensorFlow modules load, read from its own source.
import inspect
import re
from importlib.metadata import requires

from tensorflow_probability import python as tfp_python

source = inspect.getsource(tfp_python._validate_tf_environment)
print("TensorFlow floor:", re.search(r"required_tensorflow_version = '([\d.]+)'", source).group(1))
print("imports tf_keras:", "import tf_keras" in source)
print("the tf extra adds:", [r.split(";")[0] for r in requires("tensorflow-probability")
                             if 'extra == "tf"' in r])
