# The classic head `tfd.Normal(loc=t[:, 0], ...)`: a distribution of batch
# shape (n,) against targets of shape (n, 1). The loss becomes (n, n).
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd, tfpl = tfp.distributions, tfp.layers
y = np.zeros((32, 1), "float32")  # targets kept as a column
t = tf.zeros((32, 2))  # what the Dense(2) before the head outputs

for label, head in (
    ("t[:, 0]  ", lambda t: tfd.Normal(t[:, 0], tf.math.softplus(t[:, 1]))),
    ("t[:, :1] ", lambda t: tfd.Normal(t[:, :1], tf.math.softplus(t[:, 1:]))),
):
    dist = tfpl.DistributionLambda(head)(t)
    print(f"{label} batch shape {dist.batch_shape}, "
          f"loss -log_prob(y) shape {(-dist.log_prob(y)).shape}")
