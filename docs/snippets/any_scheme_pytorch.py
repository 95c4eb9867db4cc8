# Any weightinit scheme in PyTorch: draw in the x @ W layout,
# convert to PyTorch's (n_out, n_in) layout, copy in.
import torch
from torch import nn

import weightinit as wi
from weightinit.frameworks import to_framework_layout

layer = nn.Linear(784, 256)
w = wi.get_scheme("he")((784, 256), rng=0)  # (n_in, n_out)
with torch.no_grad():
    w_torch = torch.from_numpy(to_framework_layout(w, "pytorch"))
    layer.weight.copy_(w_torch)  # (n_out, n_in), cast to float32
    layer.bias.zero_()
