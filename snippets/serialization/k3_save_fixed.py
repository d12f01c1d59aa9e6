# The three calls as Keras 3 wants them: a .keras file, a SavedModel
# reloaded as an inference-only layer, a .weights.h5 file.
import keras
import numpy as np

keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(2)])
x = np.linspace(-1, 1, 4, dtype="float32")[:, None]

model.save("my_model.keras")
same = keras.models.load_model("my_model.keras")(x)
print(".keras round trip equal:", np.array_equal(model(x), same))

model.export("my_model", verbose=False)  # a SavedModel directory
layer = keras.layers.TFSMLayer("my_model", call_endpoint="serve")
print("SavedModel as TFSMLayer equal:", np.allclose(model(x), layer(x)))

model.save_weights("my.weights.h5")
rebuilt = keras.Sequential([keras.Input((1,)), keras.layers.Dense(2)])
rebuilt.load_weights("my.weights.h5")
print(".weights.h5 round trip equal:", np.array_equal(model(x), rebuilt(x)))
