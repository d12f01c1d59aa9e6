# tf_keras + tfp.layers: predict() and metrics see a sample of the output
# distribution.
import numpy as np
import tensorflow_probability as tfp
import tf_keras

tf_keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, (256, 1)).astype("float32")
y = (2 * x + 0.3 * rng.normal(size=(256, 1))).astype("float32")

model = tf_keras.Sequential(
    [
        tf_keras.layers.Input((1,)),
        tf_keras.layers.Dense(2),
        tfp.layers.IndependentNormal(
            1
        ),  # convert_to_tensor_fn defaults to tfd.Distribution.sample
    ]
)
model.compile(
    optimizer=tf_keras.optimizers.Adam(0.05),
    loss=lambda y_true, dist: -dist.log_prob(y_true),
    metrics=["mse"],
)
model.fit(x, y, epochs=20, batch_size=32, verbose=0)

x3 = np.array([[-1.0], [0.0], [1.0]], "float32")
print("predict, 1st call:", np.round(model.predict(x3, verbose=0).ravel(), 2))
print("predict, 2nd call:", np.round(model.predict(x3, verbose=0).ravel(), 2))
print("model(x).mean()  :", np.round(model(x3).mean().numpy().ravel(), 2))
loss, mse = model.evaluate(x, y, verbose=0)
print(
    "mse metric:",
    round(mse, 3),
    "| mse of the mean:",
    round(float(np.mean((model(x).mean() - y) ** 2)), 3),
)
