"""Learning engine of 'Learning from Data': pure NumPy, no Streamlit.

Names follow chapter 4 of *Deep Learning from Scratch* so a reader of the book finds them.
"""

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
