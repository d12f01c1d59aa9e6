# The fix: a floor under softplus keeps the scale, log_prob and gradient
# finite.
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions
raw = tf.constant([-200.0, -20.0, 0.0, 20.0, 100.0])
with tf.GradientTape() as tape:
    tape.watch(raw)
    scale = 1e-3 + tf.math.softplus(raw)
    log_prob = tfd.Normal(loc=0.0, scale=scale).log_prob(1.0)
grad = tape.gradient(log_prob, raw)
print("scale = 1e-3 + softplus(raw)")
for r, s, lp, g in zip(
    raw.numpy(), scale.numpy(), log_prob.numpy(), grad.numpy()
):
    print(
        f"  raw={r:6.0f}  scale={s:<10.4g} log_prob={lp:<11.4g}",
        f"gradient={g:.4g}",
    )
