# Per-layer checks in Keras 3 on the JAX backend: each Dense layer called statelessly,
# and jax.grad for the gradients with respect to the weights and to each layer's output.
import math

import jax
import keras
from keras import ops


def layer_checks(model: keras.Sequential, x, y, lr):
    """Loss of one batch, and per layer: the checks of weightinit.diagnostics."""
    weights = [[v.value for v in layer.trainable_variables] for layer in model.layers]
    shifts = [ops.zeros((x.shape[0], layer.units)) for layer in model.layers]

    def loss_and_outputs(weights, shifts):
        h, outputs = x, []
        for layer, variables, shift in zip(model.layers, weights, shifts, strict=True):
            h, _ = layer.stateless_call(variables, [], h)
            h = h + shift  # shift is 0: its gradient is dL/d(output)
            outputs.append(h)
        losses = keras.losses.sparse_categorical_crossentropy(y, h, from_logits=True)
        return ops.mean(losses), outputs

    grad = jax.value_and_grad(loss_and_outputs, argnums=(0, 1), has_aux=True)
    (loss, outputs), (weight_grads, output_grads) = grad(weights, shifts)

    def std(t):
        return float(ops.std(t))  # divides by N, as numpy does

    rows = []
    for layer, h, dh, (w, _), (g, _) in zip(
        model.layers, outputs, output_grads, weights, weight_grads, strict=True
    ):
        row = {
            "mean": float(ops.mean(h)),
            "std": std(h),
            "grad std": std(dh),
            "grad/W": std(g) / std(w),
            "log10 update": math.log10(std(lr * g) / std(w)),
        }
        name = keras.activations.serialize(layer.activation)
        if name == "tanh":
            row["saturated"] = float(ops.mean(ops.abs(h) > 0.97))
        if name == "sigmoid":
            row["saturated"] = float(ops.mean((h < 0.02) | (h > 0.98)))
        if name == "relu":  # units that are 0 for every sample
            row["dead"] = float(ops.mean(ops.all(h == 0, axis=0)))
        rows.append(row)
    return float(loss), rows


keras.utils.set_random_seed(0)
model = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        keras.layers.Dense(100, activation="relu"),
        keras.layers.Dense(100, activation="relu"),
        keras.layers.Dense(10),
    ]
)
x = keras.random.uniform((256, 784))
y = keras.random.randint((256,), 0, 10)
loss, rows = layer_checks(model, x, y, lr=0.01)
print(f"initial loss {loss:.3f}, ln 10 = {math.log(10):.3f}")
for number, row in enumerate(rows, start=1):
    print(number, {key: round(value, 4) for key, value in row.items()})
