# TF_USE_LEGACY_KERAS=1 routes tf.keras to tf_keras.
# It does not change `import keras`.
import os

os.environ["TF_USE_LEGACY_KERAS"] = "1"  # before `import tensorflow`

import keras
import tensorflow as tf
import tf_keras

print("tf.keras module:           ", tf.keras.__name__)
same = tf.keras.layers.Dense is tf_keras.layers.Dense
print("tf.keras is tf_keras:      ", same)
print("import keras still gives:  ", keras.__version__)
print("tf.keras.layers.Dense from:", tf.keras.layers.Dense.__module__)
