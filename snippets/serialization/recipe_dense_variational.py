# Recipe, DenseVariational: save the weights only, rebuild the model in code,
# load them.
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


def build_model(n_train):
    """The architecture lives in code; the file holds numbers only."""
    model = tf_keras.Sequential(
        [
            tf_keras.layers.Input(shape=(1,)),
            tfpl.DenseVariational(2, posterior, prior, kl_weight=1 / n_train),
            tfpl.IndependentNormal(1),
        ]
    )
    model.compile(
        optimizer=tf_keras.optimizers.Adam(0.05),
        loss=lambda y, dist: -dist.log_prob(y),
    )  # in code, so a lambda is fine
    return model


rng = np.random.default_rng(0)
x = rng.normal(size=(64, 1)).astype("float32")
y = (2 * x + rng.normal(scale=0.5, size=(64, 1))).astype("float32")
x_test = np.linspace(-1, 1, 5, dtype="float32").reshape(-1, 1)

tf_keras.utils.set_random_seed(0)
model = build_model(len(x))
model.fit(x, y, epochs=5, verbose=0)
model.save_weights("model.weights.h5")

tf_keras.utils.set_random_seed(
    1
)  # the rebuilt model starts from other random weights
rebuilt = build_model(len(x))
rebuilt.load_weights("model.weights.h5")
print(
    "weights identical:",
    all(
        np.array_equal(a, b)
        for a, b in zip(model.get_weights(), rebuilt.get_weights())
    ),
)

# Each call draws new layer weights from the posterior; the same seed gives the
# same draw.
tf.random.set_seed(42)
before = model(x_test)
tf.random.set_seed(42)
after = rebuilt(x_test)
print(
    "mean matches (np.allclose, atol=1e-6):",
    np.allclose(before.mean(), after.mean(), atol=1e-6),
)
print(
    "stddev matches (np.allclose, atol=1e-6):",
    np.allclose(before.stddev(), after.stddev(), atol=1e-6),
)
loss = rebuilt.fit(x, y, epochs=1, verbose=0).history["loss"][-1]
print(
    f"one more epoch on the rebuilt model: loss {loss:.2f}, "
    f"finite: {np.isfinite(loss)}"
)
