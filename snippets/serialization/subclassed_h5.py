# Raises: NotImplementedError
# tf_keras: a subclassed model cannot be written to .h5 at all.
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


model = ProbModel()
model(np.ones((1, 1), dtype="float32"))  # build the weights
model.save("model.h5")
