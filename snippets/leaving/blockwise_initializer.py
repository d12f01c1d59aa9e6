# BlockwiseInitializer: blocks of the last axis, each from its own
# initializer -> a registered keras.initializers.Initializer.
import keras
import numpy as np
import tensorflow_probability as tfp
import tf_keras

tfpl = tfp.layers
C = np.log(np.expm1(1.0))  # softplus(C) == 1


# The Keras 3 port: each initializer fills `size` columns of the last axis;
# the blocks are concatenated. get_config makes it savable.
@keras.saving.register_keras_serializable(package="leaving")
class BlockwiseInitializer(keras.initializers.Initializer):
    def __init__(self, initializers, sizes):
        self.initializers = [keras.initializers.get(i) for i in initializers]
        self.sizes = list(sizes)

    def __call__(self, shape, dtype=None):
        if shape[-1] != sum(self.sizes):
            raise ValueError("Last dimension of shape must equal sum(sizes).")
        return keras.ops.concatenate(
            [
                init((*shape[:-1], size), dtype=dtype)
                for init, size in zip(self.initializers, self.sizes)
            ],
            axis=-1,
        )

    def get_config(self):
        return {
            "initializers": [
                keras.initializers.serialize(i) for i in self.initializers
            ],
            "sizes": self.sizes,
        }

    @classmethod
    def from_config(cls, config):
        initializers = config["initializers"]
        return cls(
            [keras.initializers.deserialize(i) for i in initializers],
            config["sizes"],
        )


# Locations at 0, raw scales at C (scale 1), and a random block, seeded.
port = BlockwiseInitializer(
    ["zeros", keras.initializers.Constant(C),
     keras.initializers.RandomNormal(stddev=0.1, seed=1)],
    sizes=[2, 2, 3],
)
original = tfpl.BlockwiseInitializer(
    ["zeros", tf_keras.initializers.Constant(C),
     tf_keras.initializers.RandomNormal(stddev=0.1, seed=1)],
    sizes=[2, 2, 3],
)
u, v = np.asarray(original((4, 7))), np.asarray(port((4, 7)))
print(
    f"values   shape {u.shape}  max |diff| {np.max(np.abs(u - v)):.1e}"
    f"  array_equal: {np.array_equal(u, v)}"
)
print("row 0:", np.round(v[0], 4))

# Serialized and rebuilt from its config: the same values.
config = keras.initializers.serialize(port)
rebuilt = keras.initializers.deserialize(config)
print(
    f"rebuilt  {config['registered_name']}"
    f"  array_equal: {np.array_equal(v, rebuilt((4, 7)))}"
)
