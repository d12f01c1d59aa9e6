# When does the attribute tf.keras read TF_USE_LEGACY_KERAS? At its first
# access, not at `import tensorflow`. (`from tensorflow.keras... import`
# reads it earlier: legacy_env_import_forms.py.)
import os
import subprocess
import sys

PROBE = """
import os
import tensorflow as tf
{before}
os.environ["TF_USE_LEGACY_KERAS"] = "1"
print(tf.keras.__name__)
"""

cases = {
    "set after `import tensorflow`, before tf.keras is used": "",
    "set after tf.keras was already used once": "tf.keras.layers",
}
for label, before in cases.items():
    # Each case needs a fresh interpreter: the flavour is fixed once
    # tf.keras has loaded.
    code = PROBE.format(before=before)
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
    )
    out = run.stdout.strip()
    print(f"{label}:\n    tf.keras -> {out}")
