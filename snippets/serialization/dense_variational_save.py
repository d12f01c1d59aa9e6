# tf_keras: DenseVariational has no get_config, so .keras and .h5 refuse to
# save it.
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


model = tf_keras.Sequential(
    [
        tf_keras.layers.Input(shape=(1,)),
        tfpl.DenseVariational(2, posterior, prior, kl_weight=1 / 64),
        tfpl.IndependentNormal(1),
    ]
)
print(
    "DenseVariational overrides get_config:",
    "get_config" in vars(tfpl.DenseVariational),
)
for path in ("model.keras", "model.h5"):
    try:
        model.save(path)
    except (
        NotImplementedError
    ) as exc:  # the message starts with a line break: print it on one line
        print(
            f"{path}: NotImplementedError:",
            " ".join(str(exc).split()).split(" Example:")[0],
        )
