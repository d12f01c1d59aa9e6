# Where nan and inf come from: exp overflows, softplus underflows to 0 in
# float32.
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions
raw = tf.constant([-200.0, -20.0, 0.0, 20.0, 100.0])
for name, link in [("exp", tf.exp), ("softplus", tf.math.softplus)]:
    with tf.GradientTape() as tape:
        tape.watch(raw)
        scale = link(raw)
        log_prob = tfd.Normal(loc=0.0, scale=scale).log_prob(1.0)
    grad = tape.gradient(log_prob, raw)
    print(f"scale = {name}(raw)")
    for r, s, lp, g in zip(
        raw.numpy(), scale.numpy(), log_prob.numpy(), grad.numpy()
    ):
        print(
            f"  raw={r:6.0f}  scale={s:<10.4g} log_prob={lp:<11.4g}",
            f"gradient={g:.4g}",
        )
