# tf_keras: a plain subclassed model round-trips through SavedModel, but comes
# back as a
# "revived" model that returns a sample tensor instead of a distribution.
import numpy as np
import tensorflow_probability as tfp
import tf_keras

tfd = tfp.distributions


class ProbModel(tf_keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = tf_keras.layers.Dense(2)
        self.head = tfp.layers.IndependentNormal(1)

    def call(self, inputs):
        return self.head(self.dense(inputs))


tf_keras.utils.set_random_seed(0)
x_test = np.array([[0.5]], dtype="float32")
model = ProbModel()
print(
    "original returns:",
    type(model(x_test)).__name__,
    "| a distribution:",
    isinstance(model(x_test), tfd.Distribution),
)
model.save("model_savedmodel")

revived = tf_keras.models.load_model("model_savedmodel", compile=False)
out = revived(x_test)
print(
    "reloaded class:", type(revived).__module__ + "." + type(revived).__name__
)
print(
    "reloaded returns:",
    type(out).__name__,
    "| a distribution:",
    isinstance(out, tfd.Distribution),
)
print(
    "two calls differ (each is a sample):",
    not np.array_equal(out, revived(x_test)),
)

# Fix: hand the class to the loader, and the real model comes back.
restored = tf_keras.models.load_model(
    "model_savedmodel", compile=False, custom_objects={"ProbModel": ProbModel}
)
dist = restored(x_test)
print(
    "with custom_objects:",
    type(restored).__name__,
    "returns a distribution:",
    isinstance(dist, tfd.Distribution),
)
print(
    "same mean and stddev (atol 1e-6):",
    np.allclose(dist.mean(), model(x_test).mean(), atol=1e-6)
    and np.allclose(dist.stddev(), model(x_test).stddev(), atol=1e-6),
)
