"""Engine benchmark (issue 2, item 6): figures and ratios, never a timed test.

    python -m benchmarks.bench_engine            # from the repo root (about 2-3 minutes)
    python -m benchmarks.bench_engine --quick    # fewer repetitions, a 2,000-iteration run

Side by side in one process, on random MNIST-shaped data (60,000 x 784 float32 in [0, 1],
10 classes, plus 10,000 test rows), a 784-50-10 sigmoid network, cross-entropy, lr 0.1:

(a) this engine: core.training.Trainer.step(1) (mini-batch draw, forward, backprop, SGD
    update, loss and gradient-norm record);
(b) the book's chapter-4 code in float64 (core/book/): the body of
    train_neuralnet.py's loop (choice, gather, gradient, update, loss);
(c) PyTorch on the CPU when importable: nn.Sequential(Linear, Sigmoid, Linear),
    CrossEntropyLoss, optim.SGD, loss.item() per step.

1. Median time per training step for batch sizes 1, 10, 100 and 1000. The implementations
   take turns in short blocks of steps, so load from other processes hits them alike. The references run
   with their default thread count and with one thread; a ratio uses the faster of the two
   (the conservative choice on a shared machine, where threads waiting for a busy core can
   make a step 10-100x slower). The engine always uses one BLAS thread (see core/blas.py).
   Engine steps that end an epoch (and so evaluate 70,000 rows) are left out of its median.
2. The book's default run: 10,000 iterations of batch 100 with evaluation on all 70,000 rows
   every epoch (the book: accuracy at i % 600 == 0; the engine: loss and accuracy at 0, at
   the end of every epoch and at the end). The two runs take turns every 100 iterations.
3. One full evaluation (70,000 rows): time and peak memory allocated (tracemalloc).

Targets: batch-100 step >= 5x faster than the book, >= 1.8x faster than PyTorch CPU; default
run <= 1/4 of the book's time.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import math
import os
import platform
import statistics
import time
import tracemalloc
from collections.abc import Callable
from types import SimpleNamespace

import numpy as np

from core.blas import blas_info, blas_threads, get_blas_threads, set_blas_threads
from core.book.train_neuralnet import BookTraining
from core.network import MultiLayerNet
from core.training import Trainer

N_TRAIN, N_TEST, N_FEATURES, N_CLASSES, HIDDEN = 60_000, 10_000, 784, 10, 50
LR = 0.1
DEFAULT_BLAS_THREADS = get_blas_threads()  # before any Trainer sets one thread
BLOCK = 10  # consecutive steps of one implementation before the next takes its turn


def machine() -> dict[str, str]:
    """nproc, CPU model, load, NumPy and BLAS: printed with every result."""
    model = "unknown"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info = blas_info()
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "n/a"
    return {
        "date": _dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "python": platform.python_version(),
        "nproc": str(os.cpu_count()),
        "cpu": model,
        "numpy": str(info.get("numpy")),
        "blas": f"{info.get('blas')} (core {info.get('openblas_core', '?')}, "
                f"{DEFAULT_BLAS_THREADS} threads by default)",
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "(not set)"),
        "load average": load,
    }


def make_data(seed: int = 0) -> SimpleNamespace:
    rng = np.random.default_rng(seed)
    x_train = rng.random((N_TRAIN, N_FEATURES), dtype=np.float32)
    t_train = rng.integers(0, N_CLASSES, N_TRAIN)
    x_test = rng.random((N_TEST, N_FEATURES), dtype=np.float32)
    t_test = rng.integers(0, N_CLASSES, N_TEST)
    eye = np.eye(N_CLASSES)  # the book loads one-hot float64 labels
    return SimpleNamespace(x_train=x_train, t_train=t_train, x_test=x_test, t_test=t_test,
                           n_classes=N_CLASSES, t_train_onehot=eye[t_train],
                           t_test_onehot=eye[t_test])


def engine_trainer(data: SimpleNamespace, batch_size: int, iterations: int) -> Trainer:
    net = MultiLayerNet(N_FEATURES, [HIDDEN], N_CLASSES)  # sigmoid, cross-entropy, std 0.01
    return Trainer(net, data, batch_size=batch_size, learning_rate=LR, iterations=iterations)


def book_training(data: SimpleNamespace, batch_size: int) -> BookTraining:
    return BookTraining(data.x_train, data.t_train_onehot, data.x_test, data.t_test_onehot,
                        batch_size=batch_size, learning_rate=LR)


def torch_step_factory(data: SimpleNamespace, batch_size: int):
    """A closure doing one PyTorch training step, or None when torch is not importable."""
    try:
        import torch
    except ImportError:
        return None
    torch.manual_seed(0)
    x = torch.from_numpy(data.x_train)
    t = torch.from_numpy(data.t_train)
    model = torch.nn.Sequential(torch.nn.Linear(N_FEATURES, HIDDEN), torch.nn.Sigmoid(),
                                torch.nn.Linear(HIDDEN, N_CLASSES))
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(0)

    def step() -> float:
        idx = torch.randint(0, N_TRAIN, (batch_size,), generator=generator)
        xb, tb = x.index_select(0, idx), t.index_select(0, idx)
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), tb)
        loss.backward()
        optimizer.step()
        return loss.item()

    return step


def torch_threads(n: int | None) -> int | None:
    """Set torch's intra-op threads (None: leave); return the previous count."""
    try:
        import torch
    except ImportError:
        return None
    previous = torch.get_num_threads()
    if n is not None:
        torch.set_num_threads(n)
    return previous


def time_steps(batch_size: int, reps: int, data: SimpleNamespace) -> dict[str, list[float]]:
    """Per-step wall times (seconds) of every implementation, taking turns step by step."""
    trainer = engine_trainer(data, batch_size, iterations=10**9)
    book = book_training(data, batch_size)
    torch_step = torch_step_factory(data, batch_size)
    default_torch = torch_threads(None)

    def engine() -> bool:
        trainer.step(1)
        return trainer.iteration % trainer.iters_per_epoch != 0  # epoch end: not a step time

    def book_default() -> bool:
        book.step()
        return True

    def book_default_threads() -> None:  # the engine leaves one BLAS thread behind
        if DEFAULT_BLAS_THREADS is not None:
            set_blas_threads(DEFAULT_BLAS_THREADS)

    def book_one() -> bool:
        with blas_threads(1):
            book.step()
        return True

    runs: dict[str, Callable[[], bool]] = {
        "engine": engine, "book": book_default, "book 1 thread": book_one}
    if torch_step is not None:
        def torch_default() -> bool:
            torch_threads(default_torch)
            torch_step()
            return True

        def torch_one() -> bool:
            torch_threads(1)
            torch_step()
            return True

        runs[f"torch ({default_torch} threads)"] = torch_default
        runs["torch 1 thread"] = torch_one
    times: dict[str, list[float]] = {name: [] for name in runs}
    for fn in runs.values():  # warm up caches, allocators, thread pools
        for _ in range(5):
            fn()
    # Blocks of BLOCK steps in turn: the first step after a switch is not timed, because
    # the previous implementation's worker threads may still be spinning on the cores.
    rounds = max(1, math.ceil(reps / BLOCK))
    for _ in range(rounds):
        for name, fn in runs.items():
            if name.startswith("torch"):  # set the thread count outside the timed region
                torch_threads(default_torch if "1 thread" not in name else 1)
            if name == "book":
                book_default_threads()
            fn()
            for _ in range(BLOCK):
                start = time.perf_counter()
                keep = fn()
                elapsed = time.perf_counter() - start
                if keep:
                    times[name].append(elapsed)
    torch_threads(default_torch)
    return times


def best(times: dict[str, list[float]], prefix: str) -> tuple[str, float]:
    """The variant (by name prefix) with the lowest median, and that median."""
    candidates = {k: statistics.median(v) for k, v in times.items() if k.startswith(prefix)}
    name = min(candidates, key=candidates.get)
    return name, candidates[name]


def default_run(data: SimpleNamespace, iterations: int, book_threads: int | None) -> dict:
    """The book's default run for the engine and the reference, taking turns every 100 steps."""
    result = {"engine": 0.0, "book": 0.0}
    start = time.perf_counter()
    trainer = engine_trainer(data, 100, iterations)  # evaluates at iteration 0 here
    result["engine"] += time.perf_counter() - start
    book = book_training(data, 100)
    done = 0
    while done < iterations:
        chunk = min(100, iterations - done)
        start = time.perf_counter()
        trainer.step(chunk)
        result["engine"] += time.perf_counter() - start
        set_blas_threads(1 if book_threads == 1 else DEFAULT_BLAS_THREADS)
        start = time.perf_counter()
        book.run(chunk)
        result["book"] += time.perf_counter() - start
        done += chunk
    result["engine_evaluations"] = len(trainer.evaluations)
    result["engine_test_acc"] = trainer.evaluations[-1]["test_acc"]
    result["book_evaluations"] = len(book.test_acc_list)
    result["book_test_acc"] = book.test_acc_list[-1]
    return result


def evaluation_cost(data: SimpleNamespace) -> dict[str, tuple[float, float]]:
    """(seconds, peak MB allocated) for one evaluation of all 70,000 rows."""
    trainer = engine_trainer(data, 100, 1)
    book = book_training(data, 100)
    out = {}
    for name, fn in (("engine", trainer.evaluate), ("book", book.evaluate)):
        if name == "book" and DEFAULT_BLAS_THREADS is not None:
            set_blas_threads(DEFAULT_BLAS_THREADS)
        fn()  # warm up
        tracemalloc.start()
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        out[name] = (elapsed, peak)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer repetitions and a 2,000-iteration default run")
    parser.add_argument("--reps", type=int, default=None, help="timed steps per batch size")
    parser.add_argument("--iterations", type=int, default=None,
                        help="length of the default run (book: 10,000)")
    parser.add_argument("--batches", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--no-default-run", action="store_true")
    args = parser.parse_args(argv)
    reps = args.reps or (60 if args.quick else 300)
    iterations = args.iterations or (2000 if args.quick else 10_000)

    print("## Machine\n")
    for key, value in machine().items():
        print(f"- {key}: {value}")
    try:
        import torch
        print(f"- torch: {torch.__version__}, {torch.get_num_threads()} threads by default")
    except ImportError:
        print("- torch: not importable (column left out)")
    data = make_data()

    print(f"\n## Median time per training step (ms), {reps} steps each, taking turns\n")
    rows = []
    header = None
    for batch in args.batches:
        times = time_steps(batch, reps if batch < 1000 else max(20, reps // 3), data)
        if header is None:
            header = list(times)
            print("| batch | " + " | ".join(header) + " | book / engine | torch / engine |")
            print("|---:|" + "---:|" * (len(header) + 2))
        med = {k: 1e3 * statistics.median(v) for k, v in times.items()}
        engine = med["engine"]
        _, book_best = best(times, "book")
        ratio_torch = "n/a"
        if any(k.startswith("torch") for k in times):
            _, torch_best = best(times, "torch")
            ratio_torch = f"{1e3 * torch_best / engine:.2f}x"
        print(f"| {batch} | " + " | ".join(f"{med[k]:.3f}" for k in header)
              + f" | {1e3 * book_best / engine:.2f}x | {ratio_torch} |")
        rows.append((batch, times))
    print("\n(ratios: the faster thread setting of each reference over the engine; "
          "higher is better for the engine)")
    for batch, times in rows:
        if batch == 100:
            fastest = ", ".join(f"{k} {1e3 * min(v):.3f}" for k, v in times.items())
            print(f"\nFastest single batch-100 step (ms; what a quiet core allows): {fastest}")
    book_threads = None
    for batch, times in rows:
        if batch == 100:
            book_threads = 1 if best(times, "book")[0] == "book 1 thread" else None

    print("\n## One evaluation of all 70,000 rows\n")
    for name, (seconds, peak) in evaluation_cost(data).items():
        print(f"- {name}: {1e3 * seconds:.0f} ms, peak allocation {peak:.0f} MB")

    if not args.no_default_run:
        print(f"\n## Default run: {iterations:,} iterations of batch 100, per-epoch "
              "evaluation on 70,000 rows\n")
        result = default_run(data, iterations, book_threads)
        setting = "1 BLAS thread" if book_threads == 1 else "default BLAS threads"
        print(f"- engine: {result['engine']:.2f} s ({result['engine_evaluations']} evaluations, "
              f"final test accuracy {result['engine_test_acc']:.3f} on random labels)")
        print(f"- book ({setting}): {result['book']:.2f} s ({result['book_evaluations']} "
              f"evaluations, final test accuracy {result['book_test_acc']:.3f})")
        print(f"- engine / book: {result['engine'] / result['book']:.3f} "
              f"(target <= 0.25)")
    try:
        print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    except OSError:
        pass


if __name__ == "__main__":
    main()
