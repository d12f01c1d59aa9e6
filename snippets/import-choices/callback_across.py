# Claim I3: can a Keras 3 model use a tf.keras callback?
# Try it under both settings of TF_USE_LEGACY_KERAS.
import subprocess
import sys

PROBE = """
import os
os.environ["TF_USE_LEGACY_KERAS"] = "{legacy}"
import numpy as np
import keras
import tensorflow as tf

class CountEpochs(tf.keras.callbacks.Callback):
    seen = 0
    def on_epoch_end(self, epoch, logs=None):
        CountEpochs.seen += 1

model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
x = np.zeros((8, 1))
model.fit(x, x, epochs=3, verbose=0, callbacks=[CountEpochs()])
base = tf.keras.callbacks.Callback.__module__
print(base, "-> epochs seen:", CountEpochs.seen)
"""

for legacy in ("0", "1"):
    run = subprocess.run(
        [sys.executable, "-c", PROBE.format(legacy=legacy)],
        capture_output=True,
        text=True,
    )
    result = run.stdout.strip() or run.stderr.strip().splitlines()[-1]
    print(f"TF_USE_LEGACY_KERAS={legacy}: {result}")
