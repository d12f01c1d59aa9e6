# Which tfp.layers a tf_keras loader finds by itself, and which it needs in
# custom_objects.
import inspect

import tensorflow_probability as tfp
import tf_keras

tfpl = tfp.layers
for name in sorted(dir(tfpl)):
    obj = getattr(tfpl, name)
    if inspect.isclass(obj) and issubclass(obj, tf_keras.layers.Layer):
        found = tf_keras.saving.get_registered_object(name) is obj
        print(
            f"{name:<42} {'registered' if found else 'pass in custom_objects'}"
        )

# An unregistered layer in a full-model file: the loader needs the class, and
# even then
# MultivariateNormalTriL cannot be rebuilt from its stored config.
model = tf_keras.Sequential(
    [
        tf_keras.layers.Input(shape=(2,)),
        tf_keras.layers.Dense(tfpl.MultivariateNormalTriL.params_size(2)),
        tfpl.MultivariateNormalTriL(2),
    ]
)
model.save("model.h5")
for label, custom_objects in [
    ("without custom_objects", None),
    (
        "with custom_objects",
        {"MultivariateNormalTriL": tfpl.MultivariateNormalTriL},
    ),
]:
    try:
        tf_keras.models.load_model(
            "model.h5", compile=False, custom_objects=custom_objects
        )
        print(f"{label}: loads")
    except (TypeError, ValueError) as exc:
        print(f"{label}: {type(exc).__name__}: {str(exc).split('. ')[0]}")
