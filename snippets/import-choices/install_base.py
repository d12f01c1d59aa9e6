# What `pip install tensorflow-probability` installs without the `tf` extra:
# its requirements that no extra guards.
from importlib.metadata import requires

plain = [r for r in requires("tensorflow-probability") if "extra ==" not in r]
print("requirements without an extra:", plain)
names = [r.split(">")[0].split("=")[0].split(";")[0].strip() for r in plain]
for package in ("tensorflow", "tf-keras"):
    print(f"{package} among them: {package in names}")
