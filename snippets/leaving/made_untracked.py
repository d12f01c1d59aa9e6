# The error's advice followed: the flow wrapped in a Keras 3 layer. The
# MADE inside is a tf_keras layer, which Keras 3 does not track: the model
# has no trainable weights, and fit trains nothing.
import keras
import numpy as np
import tensorflow_probability as tfp

tfd, tfb = tfp.distributions, tfp.bijectors
keras.utils.set_random_seed(0)


class FlowLogProb(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        made = tfb.AutoregressiveNetwork(params=2, hidden_units=[10, 10])
        self.flow = tfd.TransformedDistribution(
            tfd.Sample(tfd.Normal(0.0, 1.0), [2]),
            tfb.MaskedAutoregressiveFlow(made))

    def call(self, x):
        return self.flow.log_prob(x)


rng = np.random.default_rng(0)
x2 = 2 * rng.normal(size=500)
data = np.stack([rng.normal(size=500) + x2**2 / 4, x2], -1).astype("f4")
inputs = keras.Input((2,))
model = keras.Model(inputs, FlowLogProb()(inputs))
model.compile("adam", loss=lambda _, log_prob: -log_prob)
print("trainable weights:", len(model.trainable_weights))
loss = model.fit(data, np.zeros((500, 0)), epochs=3, verbose=0)
print("loss per epoch:", np.round(loss.history["loss"], 4))
