# What a tfp.layers layer (tf_keras) and a Keras 3 layer have in common:
# their method resolution orders, and the classes in both.
import keras
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras


def mro(cls):
    return [f"{c.__module__}.{c.__qualname__}" for c in cls.__mro__]


tfp_mro = mro(type(tfp.layers.IndependentNormal(1)))
keras_mro = mro(keras.layers.Dense)
print("tfp.layers.IndependentNormal:", *tfp_mro, sep="\n    ")
print("keras.layers.Dense (Keras 3):", *keras_mro, sep="\n    ")
print("in both:", [c for c in keras_mro if c in tfp_mro])
print("Keras 3 layer is a tf.Module:", issubclass(keras.Layer, tf.Module))
print("tf_keras layer is a tf.Module:",
      issubclass(tf_keras.layers.Layer, tf.Module))
