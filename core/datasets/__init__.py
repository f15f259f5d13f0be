"""Data for the lessons: bundled digits, MNIST, 2-D toy sets and the user's own CSV.

Every source gives one `Dataset`: float32 features, int64 labels, split into training data
and test data, all arrays read-only.
"""

from core.datasets.csv_import import MAX_CSV_BYTES, MAX_UPLOAD_MB, dataset_from_csv, megabytes
from core.datasets.dataset import Dataset, DatasetMeta
from core.datasets.mnist import download_mnist, mnist_available
from core.datasets.registry import dataset_info, list_datasets, load_dataset

__all__ = [
    "MAX_CSV_BYTES",
    "MAX_UPLOAD_MB",
    "Dataset",
    "DatasetMeta",
    "dataset_from_csv",
    "dataset_info",
    "download_mnist",
    "list_datasets",
    "load_dataset",
    "megabytes",
    "mnist_available",
]
