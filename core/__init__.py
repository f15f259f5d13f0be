"""Learning engine of 'Learning from Data': pure NumPy, no Streamlit.

Names follow chapter 4 of *Deep Learning from Scratch* so a reader of the book finds them.

`from core import X` works for every public name below, but each submodule is imported only
when one of its names is first used (PEP 562): a page that needs the network does not pay for
the run comparison's pandas/altair imports, so the first page of a fresh server draws sooner.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the same names, eagerly, for type checkers and editors
    from core.compare import EXPERIMENTS, RunRecord, RunStore, differing_labels, experiment_configs
    from core.datasets import (
        Dataset,
        DatasetMeta,
        dataset_from_csv,
        dataset_info,
        download_mnist,
        list_datasets,
        load_dataset,
        mnist_available,
    )
    from core.errors import ConfigError, DataError, DownloadError, LearningError
    from core.evaluation import confusion_matrix, decision_boundary, misclassified
    from core.functions import (
        ACTIVATIONS,
        LOSSES,
        Activation,
        cross_entropy_error,
        identity,
        identity_grad,
        mean_squared_error,
        relu,
        relu_grad,
        sigmoid,
        sigmoid_grad,
        softmax,
        step_function,
        step_function_grad,
        tanh,
        tanh_grad,
    )
    from core.gradients import gradient_descent, numerical_diff, numerical_gradient
    from core.i18n import LANGS, t
    from core.network import MultiLayerNet, TwoLayerNet
    from core.optim import SGD, Adam, Momentum, make_optimizer
    from core.training import DEFAULT_CONFIG, Trainer, build_trainer, validate_config

# Public name -> the submodule that defines it (keep in step with the imports above).
_SOURCES: dict[str, tuple[str, ...]] = {
    "core.compare": ("EXPERIMENTS", "RunRecord", "RunStore", "differing_labels",
                     "experiment_configs"),
    "core.datasets": ("Dataset", "DatasetMeta", "dataset_from_csv", "dataset_info",
                      "download_mnist", "list_datasets", "load_dataset", "mnist_available"),
    "core.errors": ("ConfigError", "DataError", "DownloadError", "LearningError"),
    "core.evaluation": ("confusion_matrix", "decision_boundary", "misclassified"),
    "core.functions": ("ACTIVATIONS", "LOSSES", "Activation", "cross_entropy_error", "identity",
                       "identity_grad", "mean_squared_error", "relu", "relu_grad", "sigmoid",
                       "sigmoid_grad", "softmax", "step_function", "step_function_grad", "tanh",
                       "tanh_grad"),
    "core.gradients": ("gradient_descent", "numerical_diff", "numerical_gradient"),
    "core.i18n": ("LANGS", "t"),
    "core.network": ("MultiLayerNet", "TwoLayerNet"),
    "core.optim": ("SGD", "Adam", "Momentum", "make_optimizer"),
    "core.training": ("DEFAULT_CONFIG", "Trainer", "build_trainer", "validate_config"),
}
_MODULE_OF = {name: module for module, names in _SOURCES.items() for name in names}


def __getattr__(name: str) -> Any:
    """Import the submodule that defines a public name on first use, then keep the name here."""
    module = _MODULE_OF.get(name)
    if module is None:  # also how `from core import lessons` falls back to the submodule
        raise AttributeError(f"module 'core' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    # engine
    "ACTIVATIONS",
    "Activation",
    "Adam",
    "DEFAULT_CONFIG",
    "LOSSES",
    "Momentum",
    "MultiLayerNet",
    "SGD",
    "Trainer",
    "TwoLayerNet",
    "build_trainer",
    "cross_entropy_error",
    "gradient_descent",
    "identity",
    "identity_grad",
    "make_optimizer",
    "mean_squared_error",
    "numerical_diff",
    "numerical_gradient",
    "relu",
    "relu_grad",
    "sigmoid",
    "sigmoid_grad",
    "softmax",
    "step_function",
    "step_function_grad",
    "tanh",
    "tanh_grad",
    "validate_config",
    # datasets
    "Dataset",
    "DatasetMeta",
    "dataset_from_csv",
    "dataset_info",
    "download_mnist",
    "list_datasets",
    "load_dataset",
    "mnist_available",
    # comparing runs, after training
    "EXPERIMENTS",
    "RunRecord",
    "RunStore",
    "confusion_matrix",
    "decision_boundary",
    "differing_labels",
    "experiment_configs",
    "misclassified",
    # foundation
    "ConfigError",
    "DataError",
    "DownloadError",
    "LANGS",
    "LearningError",
    "t",
]
