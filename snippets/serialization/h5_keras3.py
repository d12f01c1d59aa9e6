# Raises: ValueError
# A tfp.layers model saved as .h5 (as TF <= 2.15 wrote it with tf.keras),
# loaded with Keras 3.
import keras
import tensorflow_probability as tfp
import tf_keras

tfpl = tfp.layers

# Stand-in for the old file: the same model saved by tf_keras here.
old = tf_keras.Sequential(
    [
        tf_keras.layers.Input((1,)),
        tf_keras.layers.Dense(tfpl.IndependentNormal.params_size(1)),
        tfpl.IndependentNormal(1),
    ]
)
old.save("old_model.h5")

keras.models.load_model("old_model.h5", compile=False)
