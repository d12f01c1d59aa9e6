# What `pip install "tensorflow-probability[tf]"` adds: the `tf` extra
# pulls in TensorFlow and tf-keras.
from importlib.metadata import requires, version

for requirement in requires("tensorflow-probability"):
    if 'extra == "tf"' in requirement:
        print(requirement)
print(
    "installed here: tensorflow",
    version("tensorflow"),
    "| tf-keras",
    version("tf-keras"),
)
