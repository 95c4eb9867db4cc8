# He initialization in Keras: name the initializer when building each layer.
import keras

keras.utils.set_random_seed(0)
model = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        keras.layers.Dense(256, activation="relu", kernel_initializer="he_normal"),
        keras.layers.Dense(10, kernel_initializer="he_normal"),
    ]
)  # "he_normal" is truncated at 2 std and rescaled by 0.8796: Var(W) = 2 / n_in
