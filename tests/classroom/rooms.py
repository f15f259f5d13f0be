"""A room's settings and a student's post, shared by the class-experiment tests."""

from __future__ import annotations

from core.classroom import Question, RunPost

CONFIG = {"dataset": "digits", "loss": "cross_entropy", "activation": "sigmoid",
          "batch_size": 100, "learning_rate": 0.1, "hidden_layers": 1, "hidden_size": 50,
          "weight_init": "std", "optimizer": "sgd", "epochs": 5, "sampling": "replacement",
          "train_size": None, "seed": 0}
DATA = {"dataset": "digits", "seed": 0, "test_fraction": 0.2, "noise": 0.1, "n_points": 400}
LR = Question("learning_rate", "assigned", (0.01, 0.1, 1.0, 10.0))
NOW = 1_800_000_000.0


def post_for(value: float, *, acc: float = 0.9, points: int = 50, **change) -> RunPost:
    config = {**CONFIG, "learning_rate": value, **change}
    return RunPost(config=config,
                   final={"train_acc": acc, "test_acc": acc - 0.02, "train_loss": 0.3,
                          "test_loss": 0.35, "iterations": 75, "epochs": 5.0},
                   iterations=tuple(range(1, points + 1)),
                   losses=tuple(2.3 / (1 + i / 10) for i in range(points)))
