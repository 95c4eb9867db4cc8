# He initialization in Keras: name the initializer in each layer.
import keras

# truncated normal, rescaled so that Var(W) = 2 / n_in
he = "he_normal"

keras.utils.set_random_seed(0)
model = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        keras.layers.Dense(256, activation="relu", kernel_initializer=he),
        keras.layers.Dense(10, kernel_initializer=he),
    ]
)
