# A tfp.layers model saved as .h5 (as TF <= 2.15 wrote it with tf.keras)
# onto Keras 3: load it with tf_keras, copy its weights into the Keras 3
# port, save the port as .keras.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd, tfpl = tfp.distributions, tfp.layers
keras.utils.set_random_seed(0)

# Stand-in for the old file: the same model saved by tf_keras here.
old = tf_keras.Sequential(
    [
        tf_keras.layers.Input((1,)),
        tf_keras.layers.Dense(tfpl.IndependentNormal.params_size(1)),
        tfpl.IndependentNormal(1),
    ]
)
old.save("old_model.h5")

# 1. Load with tf_keras; compile=False skips the lambda loss it may name.
loaded = tf_keras.models.load_model("old_model.h5", compile=False)


# 2. The Keras 3 port, with the original's weights.
@keras.saving.register_keras_serializable(package="migrated")
def nll(y_true, params):
    return -independent_normal(params).log_prob(y_true)


def independent_normal(params):
    return tfd.Independent(
        tfd.Normal(params[..., :1], tf.math.softplus(params[..., 1:])), 1
    )


port = keras.Sequential([keras.Input((1,)), keras.layers.Dense(2)])
port.set_weights(loaded.get_weights())
port.compile(optimizer="adam", loss=nll)
port.save("model.keras")  # 3. From now on, a Keras 3 file.

x = np.linspace(-1, 1, 5, dtype="float32")[:, None]
a = loaded(x)
b = independent_normal(keras.models.load_model("model.keras")(x))
for name, u, v in (("mean", a.mean(), b.mean()),
                   ("stddev", a.stddev(), b.stddev())):
    print(f"{name:6} old file vs .keras port, np.allclose(atol=1e-6): "
          f"{np.allclose(u, v, atol=1e-6)}")
