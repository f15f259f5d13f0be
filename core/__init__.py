"""Learning engine of 'Learning from Data': pure NumPy, no Streamlit.

Names follow chapter 4 of *Deep Learning from Scratch* so a reader of the book finds them:
the book's own code in its own shape is core.book; the fast engine the lab trains with is
core.network (MultiLayerNet) and core.training (Trainer). One idea per module, named after
the maths: functions (activations, softmax, the two losses), gradients (numerical_diff,
numerical_gradient, gradient_descent), network, optim, training, datasets, diagnosis,
compare (runs side by side), lab (the lab's session), i18n and strings, charts.
"""

from core.book import TwoLayerNet
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
from core.network import MultiLayerNet
from core.optim import SGD, Adam, Momentum, make_optimizer
from core.training import DEFAULT_CONFIG, Trainer, build_trainer, validate_config

__all__ = [
    "ACTIVATIONS", "Activation", "Adam", "ConfigError", "DEFAULT_CONFIG", "DataError", "Dataset",
    "DatasetMeta", "DownloadError", "LANGS", "LOSSES", "LearningError", "Momentum",
    "MultiLayerNet", "SGD", "Trainer", "TwoLayerNet", "build_trainer", "cross_entropy_error",
    "dataset_from_csv", "dataset_info", "download_mnist", "gradient_descent", "identity",
    "identity_grad", "list_datasets", "load_dataset", "make_optimizer", "mean_squared_error",
    "mnist_available", "numerical_diff", "numerical_gradient", "relu", "relu_grad", "sigmoid",
    "sigmoid_grad", "softmax", "step_function", "step_function_grad", "t", "tanh", "tanh_grad",
    "validate_config",
]
