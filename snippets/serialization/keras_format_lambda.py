# Raises: ValueError
# tf_keras: an IndependentNormal model saves as .keras, then safe mode refuses
# to load it.
import tensorflow_probability as tfp
import tf_keras

tf_keras.utils.set_random_seed(0)
model = tf_keras.Sequential(
    [
        tf_keras.layers.Input(shape=(1,)),
        tf_keras.layers.Dense(tfp.layers.IndependentNormal.params_size(1)),
        tfp.layers.IndependentNormal(1),
    ]
)
head = model.layers[-1]
print(
    "IndependentNormal is a tf_keras Lambda layer:",
    isinstance(head, tf_keras.layers.Lambda),
)
print(
    "its config stores a function of type:", head.get_config()["function_type"]
)
model.save("model.keras")
print("saved model.keras")
tf_keras.models.load_model("model.keras", compile=False)
