# `import tf_keras`: Keras 2, the package tfp.layers is built on.
import tf_keras
import tensorflow_probability as tfp

print("tf_keras version:", tf_keras.__version__)
print("Layer base class:", tf_keras.layers.Layer.__module__ + ".Layer")

# Every tfp.layers layer is a tf_keras layer, not a Keras 3 layer.
import keras

layer = tfp.layers.IndependentNormal(1)
is_tf_keras = isinstance(layer, tf_keras.layers.Layer)
print("tfp layer is a tf_keras.layers.Layer:", is_tf_keras)
print("tfp layer is a keras.Layer (Keras 3): ", isinstance(layer, keras.Layer))
