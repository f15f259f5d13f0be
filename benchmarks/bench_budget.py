"""How close core.budget's estimate is to the real time of a run, on this machine.

    python -m benchmarks.bench_budget

For a few shapes from tiny to the heaviest the lab allows, it times a slice of real training
(Trainer.step) and one evaluation, scales them to the whole run, and prints the ratio
estimate / measured. The lab refuses runs over the limit by the estimate: a ratio near 1
(0.5 to 2) means the limit is what the teacher set, neither far stricter nor far looser.
"""

from __future__ import annotations

import os
import time

from core.budget import run_cost
from core.datasets import load_dataset
from core.training import build_trainer

SHAPES = [  # (data set, batch, hidden units, hidden layers)
    ("digits", 100, 50, 1), ("digits", 1, 50, 1), ("mnist-5k", 100, 50, 1),
    ("mnist-5k", 1, 50, 1), ("mnist-5k", 100, 1000, 3), ("mnist-5k", 1000, 1000, 3),
    ("mnist-5k", 1, 1000, 3), ("mnist-5k", 4000, 500, 2),
]


def measured(trainer, k: int) -> tuple[float, float]:
    """Seconds per update (over k updates) and per evaluation."""
    trainer.step(2)  # warm: workspaces allocated
    t0 = time.perf_counter()
    trainer.step(k)
    step = (time.perf_counter() - t0) / k
    t0 = time.perf_counter()
    trainer.evaluate()
    return step, time.perf_counter() - t0


def main() -> None:
    data = {name: load_dataset(name) for name in {s[0] for s in SHAPES}}
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'shape':34s} {'estimate s':>11s} {'measured s':>11s} {'ratio':>6s}")
    for name, batch, units, layers in SHAPES:
        ds = data[name]
        config = {"batch_size": batch, "hidden_size": units, "hidden_layers": layers,
                  "epochs": 10}
        trainer = build_trainer(config, ds)
        cost = run_cost(trainer.config, n_train=ds.n_train, n_test=ds.n_test,
                        n_features=ds.n_features, n_classes=ds.n_classes)
        k = max(3, min(200, int(0.5 / max(cost.seconds / cost.iterations, 1e-6))))
        step, evaluation = measured(trainer, k)
        real = cost.iterations * step + cost.evaluations * evaluation
        shape = f"{name} batch {batch} {layers}x{units}"
        print(f"{shape:34s} {cost.seconds:11.2f} {real:11.2f} {cost.seconds / real:6.2f}")


if __name__ == "__main__":
    main()
