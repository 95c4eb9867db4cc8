# He initialization in Flax: pass kernel_init to each layer; parameters appear at init.
import jax
import jax.numpy as jnp
from flax import linen as nn

he = nn.initializers.he_normal()  # truncated at 2 std and rescaled: Var(W) = 2 / n_in


class MLP(nn.Module):
    @nn.compact
    def __call__(self, x):
        x = nn.relu(nn.Dense(256, kernel_init=he)(x))
        return nn.Dense(10, kernel_init=he)(x)


params = MLP().init(jax.random.key(0), jnp.ones((1, 784)))["params"]
