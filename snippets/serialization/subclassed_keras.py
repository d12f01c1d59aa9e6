# Raises: TypeError
# tf_keras: a plain subclassed model saves as .keras, but loading cannot find
# its class.
import numpy as np
import tensorflow_probability as tfp
import tf_keras


class ProbModel(tf_keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = tf_keras.layers.Dense(2)
        self.head = tfp.layers.IndependentNormal(1)

    def call(self, inputs):
        return self.head(self.dense(inputs))


tf_keras.utils.set_random_seed(0)
model = ProbModel()
model(np.ones((1, 1), dtype="float32"))  # build the weights
model.save("model.keras")
print("saved model.keras")
tf_keras.models.load_model("model.keras", compile=False)
