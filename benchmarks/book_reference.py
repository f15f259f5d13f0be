"""The book's chapter-4 code, re-implemented faithfully as the benchmark's reference.

Koki Saitoh, *Deep Learning from Scratch*, ch04/two_layer_net.py, ch04/train_neuralnet.py
and common/functions.py: float64 weights (np.random.randn), float32 MNIST inputs (the book's
load_mnist(normalize=True) divides float32 pixels by 255), one-hot float targets, the
hand-written backprop `gradient`, plain SGD, and the training loop that evaluates accuracy on
the full training and test sets once per epoch (np.dot upcasts the 60,000 float32 rows to a
376 MB float64 temporary every time). The only change: a seeded np.random.Generator instead
of NumPy's global random state. Used only by benchmarks/bench_engine.py, never by the app.
"""

from __future__ import annotations

import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_grad(x):
    return (1.0 - sigmoid(x)) * sigmoid(x)


def softmax(x):
    if x.ndim == 2:
        x = x.T
        x = x - np.max(x, axis=0)
        y = np.exp(x) / np.sum(np.exp(x), axis=0)
        return y.T
    x = x - np.max(x)  # overflow guard
    return np.exp(x) / np.sum(np.exp(x))


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    # for one-hot training data, turn it into the index of the correct label
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, rng=None):
        rng = rng if rng is not None else np.random.default_rng(0)
        self.params = {}
        self.params["W1"] = weight_init_std * rng.standard_normal((input_size, hidden_size))
        self.params["b1"] = np.zeros(hidden_size)
        self.params["W2"] = weight_init_std * rng.standard_normal((hidden_size, output_size))
        self.params["b2"] = np.zeros(output_size)

    def predict(self, x):
        W1, W2 = self.params["W1"], self.params["W2"]
        b1, b2 = self.params["b1"], self.params["b2"]
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)
        return y

    # x: input data, t: teacher data
    def loss(self, x, t):
        y = self.predict(x)
        return cross_entropy_error(y, t)

    def accuracy(self, x, t):
        y = self.predict(x)
        y = np.argmax(y, axis=1)
        t = np.argmax(t, axis=1)
        accuracy = np.sum(y == t) / float(x.shape[0])
        return accuracy

    def gradient(self, x, t):
        W1, W2 = self.params["W1"], self.params["W2"]
        b1, b2 = self.params["b1"], self.params["b2"]
        grads = {}
        batch_num = x.shape[0]
        # forward
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)
        # backward
        dy = (y - t) / batch_num
        grads["W2"] = np.dot(z1.T, dy)
        grads["b2"] = np.sum(dy, axis=0)
        da1 = np.dot(dy, W2.T)
        dz1 = sigmoid_grad(a1) * da1
        grads["W1"] = np.dot(x.T, dz1)
        grads["b1"] = np.sum(dz1, axis=0)
        return grads


class BookTraining:
    """train_neuralnet.py's loop, one iteration per `step()` call."""

    def __init__(self, x_train, t_train, x_test, t_test, *, batch_size=100, learning_rate=0.1,
                 seed=0):
        self.x_train, self.t_train = x_train, t_train  # t one-hot, as load_mnist(one_hot_label=True)
        self.x_test, self.t_test = x_test, t_test
        self.rng = np.random.default_rng(seed)
        self.network = TwoLayerNet(input_size=x_train.shape[1], hidden_size=50,
                                   output_size=t_train.shape[1], rng=self.rng)
        self.train_size = x_train.shape[0]
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.iter_per_epoch = max(self.train_size / batch_size, 1)
        self.i = 0
        self.train_loss_list, self.train_acc_list, self.test_acc_list = [], [], []

    def step(self):
        network = self.network
        batch_mask = self.rng.choice(self.train_size, self.batch_size)
        x_batch = self.x_train[batch_mask]
        t_batch = self.t_train[batch_mask]
        grad = network.gradient(x_batch, t_batch)
        for key in ("W1", "b1", "W2", "b2"):
            network.params[key] -= self.learning_rate * grad[key]
        loss = network.loss(x_batch, t_batch)
        self.train_loss_list.append(loss)

    def evaluate(self):
        train_acc = self.network.accuracy(self.x_train, self.t_train)
        test_acc = self.network.accuracy(self.x_test, self.t_test)
        self.train_acc_list.append(train_acc)
        self.test_acc_list.append(test_acc)

    def run(self, iters_num=10000):
        """The book's main loop (evaluate whenever i % iter_per_epoch == 0); resumable."""
        for _ in range(iters_num):
            i = self.i
            self.step()
            if i % self.iter_per_epoch == 0:
                self.evaluate()
            self.i += 1
