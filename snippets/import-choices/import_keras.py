# `import keras` on TF 2.16+: Keras 3, and tf.keras is the very same package.
import keras
import tensorflow as tf

print("keras version:   ", keras.__version__)
print("keras backend:   ", keras.backend.backend())
print("tf.keras module: ", tf.keras.__name__)
print("same Dense class:", tf.keras.layers.Dense is keras.layers.Dense)
print("Layer base class:", f"{keras.Layer.__module__}.{keras.Layer.__name__}")
