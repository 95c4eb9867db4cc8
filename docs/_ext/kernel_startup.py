# Run by the docs build's notebook kernels at startup (docs/conf.py sets PYTHONSTARTUP): attach
# each figure's phone layout to its output (weightinit.plotting.phone). Defines no names.
__import__(
    "weightinit.plotting.phone", fromlist=["install_phone_variants"]
).install_phone_variants()
