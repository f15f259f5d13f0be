"""The book's ch04/train_neuralnet.py: mini-batch SGD on TwoLayerNet with the training and test
accuracy once per epoch, one iteration per `step()` call so a benchmark can time it.

The book's data: float32 inputs (load_mnist(normalize=True)), one-hot targets.
"""

import numpy as np

from core.book.two_layer_net import TwoLayerNet


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
        batch_mask = self.rng.choice(self.train_size, self.batch_size)  # np.random.choice
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
