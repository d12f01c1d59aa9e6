# Raises: AttributeError
# A DistributionLambda head in a Keras 3 model, with the usual negative log-
# likelihood loss.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions


class Regressor(keras.Model):
    def __init__(self):
        super().__init__()
        self.params = keras.layers.Dense(2)
        self.head = tfp.layers.DistributionLambda(
            lambda t: tfd.Normal(
                loc=t[..., :1], scale=1e-3 + tf.math.softplus(t[..., 1:])
            )
        )

    def call(self, x):
        return self.head(self.params(x))


keras.utils.set_random_seed(0)
x = np.linspace(-1, 1, 64, dtype="float32")[:, None]
y = 2 * x
model = Regressor()
print("called eagerly, the model returns:", type(model(x[:2])).__name__)
model.compile(
    optimizer=keras.optimizers.Adam(0.05),
    loss=lambda y, dist: -dist.log_prob(y),
)
model.fit(x, y, epochs=1, verbose=0)
