# Fix: the optimizer of a tf_keras model comes from tf_keras (or is a string
# like "adam").
import tensorflow_probability as tfp
import tf_keras

model = tf_keras.Sequential(
    [
        tf_keras.Input(shape=(1,)),
        tf_keras.layers.Dense(2),
        tfp.layers.IndependentNormal(1),
    ]
)
model.compile(
    optimizer=tf_keras.optimizers.Adam(0.01),
    loss=lambda y, dist: -dist.log_prob(y),
)
print("optimizer:", type(model.optimizer).__module__)
