"""The ``__all__`` of experiments, of each family and of plotting: one list, the submodules' own.

Each package re-exports every public name of its submodules (plotting: of its figure modules, not
of ``labels`` and ``phone``), once, and each re-exported name is the submodule's object.
"""

import importlib
import pkgutil

import pytest

PACKAGES = {
    "weightinit.experiments": (),
    "weightinit.experiments.propagation": (),
    "weightinit.experiments.symmetry": (),
    "weightinit.experiments.training": (),
    "weightinit.plotting": ("labels", "phone"),
}


@pytest.mark.parametrize(("name", "left_out"), PACKAGES.items())
def test_the_package_all_is_its_submodules_all(name, left_out):
    package = importlib.import_module(name)
    exported = vars(package)["__all__"]
    assert len(exported) == len(set(exported))
    expected = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_") or info.name in left_out:
            continue
        module = importlib.import_module(f"{name}.{info.name}")
        own = vars(module)["__all__"]
        assert own, module.__name__
        expected += own
        for attribute in own:
            assert getattr(package, attribute) is getattr(module, attribute)
    assert sorted(exported) == sorted(expected)


def test_every_experiment_name_is_importable_from_the_top():
    import weightinit.experiments as experiments

    assert {"train_symmetric", "seed_streams", "predict_signal", "train_over_seeds"} <= set(
        vars(experiments)["__all__"]
    )
