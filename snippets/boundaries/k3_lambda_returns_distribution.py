# Raises: TypeError
# keras.layers.Lambda returning a TFP distribution, trained with the usual NLL
# loss.
import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions

x = np.linspace(-1, 1, 64, dtype="float32")[:, None]
model = keras.Sequential(
    [
        keras.Input(shape=(1,)),
        keras.layers.Dense(2),
        keras.layers.Lambda(
            lambda t: tfd.Normal(
                loc=t[..., :1], scale=1e-3 + tf.math.softplus(t[..., 1:])
            )
        ),
    ]
)
print("built; called eagerly it returns:", type(model(x[:2])).__name__)
model.compile(optimizer="adam", loss=lambda y, dist: -dist.log_prob(y))
model.fit(x, 2 * x, epochs=1, verbose=0)
