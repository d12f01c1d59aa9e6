# Why the jax version is pinned: TFP 0.25's JAX substrate uses an API jax has
# deprecated.
import os
import warnings

os.environ["KERAS_BACKEND"] = "jax"

import jax

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always", DeprecationWarning)
    from tensorflow_probability.substrates import jax as tfp

    tfp.distributions.Normal(0.0, 1.0)

print("jax", jax.__version__)
for w in caught:
    if "jax.interpreters" in str(w.message):
        where = w.filename.split("site-packages/")[-1]
        print(f"{w.category.__name__} from {where}: {w.message}")
