# He initialization in PyTorch: re-initialize the layers after building.
import torch
from torch import nn

model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))


def he_init(module: nn.Module) -> None:
    if isinstance(module, nn.Linear | nn.Conv2d):
        # normal with Var(W) = 2 / n_in
        nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
        nn.init.zeros_(module.bias)


torch.manual_seed(0)
model.apply(he_init)  # visits every submodule
