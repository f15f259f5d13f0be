"""The book's own code, in its own shape: chapter 4 of *Deep Learning from Scratch*
(common/functions.py, common/gradient.py, ch04/two_layer_net.py, ch04/train_neuralnet.py).

Readable, float64, line for line what a student reads in the book. The lesson pages show this
code with inspect.getsource and compute the number beside it with it; the fast engine
(core.network.MultiLayerNet, core.training.Trainer) is proven equal to it step for step
(tests/test_book.py) and measured against it (benchmarks/bench_engine.py).

The one change everywhere: a seeded np.random.Generator instead of NumPy's global random state
(np.random.randn, np.random.choice), so that a run can be repeated.
"""

from core.book.functions import cross_entropy_error, mean_squared_error, sigmoid, softmax
from core.book.gradient import gradient_descent, numerical_diff, numerical_gradient
from core.book.two_layer_net import TwoLayerNet

__all__ = ["TwoLayerNet", "cross_entropy_error", "gradient_descent", "mean_squared_error",
           "numerical_diff", "numerical_gradient", "sigmoid", "softmax"]
