# Per-layer checks in PyTorch: forward hooks keep each layer's output, one backward pass.
import math

import torch
from torch import nn

ACTIVATIONS = nn.Sigmoid | nn.Tanh | nn.ReLU


def layer_checks(model: nn.Sequential, x, y, lr):
    """Loss of one batch, and per layer: the checks of weightinit.diagnostics."""
    outputs = []

    def keep(module, inputs, output):
        output.retain_grad()  # after backward, output.grad is dL/d(output)
        outputs.append((module, output))

    # the output of each activation, and the logits
    hooked = [m for m in model if isinstance(m, ACTIVATIONS)] + [model[-1]]
    handles = [m.register_forward_hook(keep) for m in hooked]
    loss = nn.functional.cross_entropy(model(x), y)  # mean over the batch
    model.zero_grad()
    loss.backward()
    for handle in handles:
        handle.remove()

    def std(t):
        return t.std(correction=0).item()  # divide by N, as numpy does

    linears = [m for m in model if isinstance(m, nn.Linear)]
    rows = []
    for (module, h), linear in zip(outputs, linears, strict=True):
        w, g = linear.weight, linear.weight.grad
        row = {
            "mean": h.mean().item(),
            "std": std(h),
            "grad std": std(h.grad),
            "grad/W": std(g) / std(w),
            "log10 update": math.log10(std(lr * g) / std(w)),
        }
        if isinstance(module, nn.Tanh):
            row["saturated"] = (h.abs() > 0.97).float().mean().item()
        if isinstance(module, nn.Sigmoid):
            row["saturated"] = ((h < 0.02) | (h > 0.98)).float().mean().item()
        if isinstance(module, nn.ReLU):  # units that are 0 for every sample
            row["dead"] = (h == 0).all(dim=0).float().mean().item()
        rows.append(row)
    return loss.item(), rows


torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(784, 100), nn.Tanh(),
    nn.Linear(100, 100), nn.Tanh(),
    nn.Linear(100, 10),
)  # fmt: skip
x, y = torch.rand(256, 784), torch.randint(0, 10, (256,))
loss, rows = layer_checks(model, x, y, lr=0.01)
print(f"initial loss {loss:.3f}, ln 10 = {math.log(10):.3f}")
for number, row in enumerate(rows, start=1):
    print(number, {key: round(value, 4) for key, value in row.items()})
