# A Keras 3 network, a TFP log_prob as the loss, a plain tf.GradientTape
# training loop.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, (256, 1)).astype("float32")
y = (2 * x + 0.2 * rng.normal(size=x.shape)).astype("float32")

net = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(2)])
optimizer = keras.optimizers.Adam(0.05)


def normal_from(params):
    return tfd.Normal(
        loc=params[:, :1], scale=1e-3 + tf.math.softplus(params[:, 1:])
    )


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = -tf.reduce_mean(normal_from(net(x)).log_prob(y))
    grads = tape.gradient(loss, net.trainable_weights)
    optimizer.apply_gradients(zip(grads, net.trainable_weights))
    return loss, all(g is not None for g in grads)


for step in range(201):
    loss, all_grads = train_step(x, y)
    if step % 100 == 0:
        print(
            f"step {step:3d}  nll {float(loss):.3f}  "
            f"every weight has a gradient: {bool(all_grads)}"
        )
print(
    "learned slope",
    round(float(net.layers[0].kernel[0, 0]), 2),
    "and noise scale",
    round(float(tf.reduce_mean(normal_from(net(x)).stddev())), 2),
)
