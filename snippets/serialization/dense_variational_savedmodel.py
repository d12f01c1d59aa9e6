# tf_keras: SavedModel does save a DenseVariational model; it loads with
# compile=False,
# but the layer comes back as a "revived" stand-in, not tfp's class.
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
import tf_keras

tfd, tfpl = tfp.distributions, tfp.layers


def posterior(kernel_size, bias_size=0, dtype=None):
    n = kernel_size + bias_size
    return tf_keras.Sequential(
        [
            tfpl.VariableLayer(2 * n, dtype=dtype),
            tfpl.DistributionLambda(
                lambda t: tfd.Independent(
                    tfd.Normal(t[..., :n], 1e-5 + tf.nn.softplus(t[..., n:])),
                    1,
                )
            ),
        ]
    )


def prior(kernel_size, bias_size=0, dtype=None):
    n = kernel_size + bias_size
    return tf_keras.Sequential(
        [
            tfpl.VariableLayer(n, dtype=dtype, trainable=False),
            tfpl.DistributionLambda(
                lambda t: tfd.Independent(tfd.Normal(t, 1.0), 1)
            ),
        ]
    )


rng = np.random.default_rng(0)
x = rng.normal(size=(64, 1)).astype("float32")
y = (2 * x + rng.normal(scale=0.5, size=(64, 1))).astype("float32")
x_test = np.linspace(-1, 1, 5, dtype="float32").reshape(-1, 1)

tf_keras.utils.set_random_seed(0)
model = tf_keras.Sequential(
    [
        tf_keras.layers.Input(shape=(1,)),
        tfpl.DenseVariational(2, posterior, prior, kl_weight=1 / 64),
        tfpl.IndependentNormal(1),
    ]
)
model.compile(
    optimizer=tf_keras.optimizers.Adam(0.05), loss=lambda y, d: -d.log_prob(y)
)
model.fit(x, y, epochs=5, verbose=0)
model.save("model_savedmodel")

reloaded = tf_keras.models.load_model("model_savedmodel", compile=False)
layer = reloaded.layers[0]
print("reloaded layer:", type(layer).__module__ + "." + type(layer).__name__)
print(
    "an instance of tfp.layers.DenseVariational:",
    isinstance(layer, tfpl.DenseVariational),
)
print(
    "weights identical:",
    all(
        np.array_equal(a, b)
        for a, b in zip(model.get_weights(), reloaded.get_weights())
    ),
)
tf.random.set_seed(42)
first = model(x_test).mean()
tf.random.set_seed(42)
second = reloaded(x_test).mean()
print("same draw under the same seed:", np.allclose(first, second, atol=1e-6))
reloaded(x_test)
print("KL term still added as a layer loss:", len(reloaded.losses) == 1)
reloaded.compile(
    optimizer=tf_keras.optimizers.Adam(0.05), loss=lambda y, d: -d.log_prob(y)
)
loss = reloaded.fit(x, y, epochs=1, verbose=0).history["loss"][-1]
print(f"one more epoch: loss {loss:.2f}, finite: {np.isfinite(loss)}")
