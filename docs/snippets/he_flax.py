# He initialization in Flax: pass kernel_init to each layer.
import jax
import jax.numpy as jnp
from flax import linen as nn

# truncated normal, rescaled so that Var(W) = 2 / n_in
he = nn.initializers.he_normal()


class MLP(nn.Module):
    @nn.compact
    def __call__(self, x):
        x = nn.relu(nn.Dense(256, kernel_init=he)(x))
        return nn.Dense(10, kernel_init=he)(x)


x = jnp.ones((1, 784))
params = MLP().init(jax.random.key(0), x)["params"]
