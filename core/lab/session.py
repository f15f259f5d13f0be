"""The life of the lab's runs, without Streamlit: start, train a slice, pause, resume, one
epoch, reset, and a key experiment's queue of runs.

One LabSession per browser session (the page keeps it in st.session_state). Its state is
plain data (a Trainer, dicts, numbers, a RunStore), so it pickles: a run could cross a
process boundary or be posted to a class board. The page only turns clicks into these
calls and draws what the session holds.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import numpy as np

from core.compare import RunStore, experiment_configs
from core.lab.gate import GATE, TrainingGate
from core.lab.priority import at_low_priority
from core.training import Trainer, build_trainer

TICK_SECONDS = 0.4  # the page's timer: the gap between two slices counted as training time
# How long a slice waits for its turn at the processor (core/lab/gate.py) before the page goes
# on without training: short enough that a click is answered, long enough that thirty waiting
# pages do not redraw unchanged charts several times a second.
TURN_WAIT = 1.5
# A slice trains in chunks of about this long; between two, a page that another student is
# waiting for runs first (TrainingGate.yield_to_pages), so it waits at most one chunk.
CHUNK_SECONDS = 0.02


class Status(str, Enum):
    """Where a run stands; a str, so status == "running" reads naturally."""

    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    DIVERGED = "diverged"


@dataclass
class LabRun:
    """One run: its trainer and settings, and what the page needs to show how it went."""

    trainer: Trainer
    config: dict[str, Any]
    notes: list[dict[str, Any]]
    w1_init: np.ndarray  # the first layer before training: how many weights did it change?
    status: Status = Status.PAUSED
    stop_at: int | None = None  # pause when the trainer reaches this iteration (one epoch)
    active: float = 0.0  # wall seconds while running: slices and the gaps between them
    step_seconds: float = 0.0  # of which inside Trainer.step
    per_iter: float = 0.0  # the latest estimate of one iteration's time
    last_tick: float | None = None
    ticks: int = 0
    stored: bool = False  # kept in the session's RunStore once it ended
    cache: dict[str, Any] = field(default_factory=dict)  # derived views, keyed by iteration

    @property
    def ended(self) -> bool:
        return self.status in (Status.FINISHED, Status.DIVERGED)

    def cached(self, name: str, compute: Callable[[], Any]) -> Any:
        """compute() once per iteration count (a view of the run that only training changes)."""
        hit = self.cache.get(name)
        if hit is None or hit[0] != self.trainer.iteration:
            hit = self.cache[name] = (self.trainer.iteration, compute())
        return hit[1]


def new_run(config: Mapping[str, Any], dataset: Any) -> LabRun:
    """A fresh run of `config` on `dataset` (validated by core.training.build_trainer)."""
    trainer = build_trainer(config, dataset)
    return LabRun(trainer=trainer,
                  config={k: v for k, v in trainer.config.items() if k != "notes"},
                  notes=list(trainer.config.get("notes", [])),
                  w1_init=trainer.network.params["W1"].copy())


def train_slice(run: LabRun, budget: float, clock: Callable[[], float] = time.perf_counter,
                gate: TrainingGate = GATE) -> None:
    """Train for about `budget` seconds in chunks sized from the measured time per iteration,
    letting other pages' runs go first between chunks, then settle the run's status
    (finished, diverged, or paused after its epoch)."""
    trainer = run.trainer
    t0 = clock()
    if run.last_tick is not None:
        # The gap since the last slice (drawing, network, timer) counts as training time too,
        # so samples/s is what the user gets; a long gap means the page was away.
        run.active += min(t0 - run.last_tick, 2 * TICK_SECONDS)
    per_iter, chunks = run.per_iter, 0
    while not trainer.done:
        if chunks:  # a page waiting meanwhile goes first; its time is taken from the slice
            gate.yield_to_pages(budget - (clock() - t0))
        left = budget - (clock() - t0)
        if left <= 0:
            break
        # Short chunks, and at most half the time left: a machine that suddenly gets slower
        # (other users) delays a redraw only a little.
        k = 1 if per_iter <= 0 else max(1, int(min(left * 0.5, CHUNK_SECONDS) / per_iter))
        chunks += 1
        if run.stop_at is not None:
            k = min(k, run.stop_at - trainer.iteration)
            if k <= 0:
                break
        t1 = clock()
        records = at_low_priority(trainer.step, k)
        elapsed = clock() - t1
        run.step_seconds += elapsed
        if records:
            # Evaluations at epoch ends make some chunks slower: keep the larger recent estimate.
            per_iter = max(elapsed / len(records), 0.7 * per_iter)
    run.per_iter = per_iter
    now = clock()
    run.active += now - t0
    run.last_tick = now
    run.ticks += 1
    if trainer.done:
        run.status = Status.DIVERGED if trainer.stop_reason == "diverged" else Status.FINISHED
    elif run.stop_at is not None and trainer.iteration >= run.stop_at:
        run.status, run.stop_at = Status.PAUSED, None


@dataclass
class LabSession:
    """The lab of one browser session: the current run, the finished ones, an experiment."""

    run: LabRun | None = None
    store: RunStore = field(default_factory=RunStore)
    queue: list[tuple[dict[str, Any], Any]] = field(default_factory=list)  # (config, dataset)
    experiment: tuple[str, list[int]] | None = None  # the last key experiment and its run ids
    selected: list[int] | None = None  # run ids picked for the comparison (None: the newest)
    # When this session last trained (time.monotonic()): the gate serves the session that has
    # waited longest first, so a class's runs take turns whatever run each is on.
    last_turn: float = 0.0

    @property
    def status(self) -> Status:
        return Status.IDLE if self.run is None else self.run.status

    @property
    def running(self) -> bool:
        return self.status == Status.RUNNING

    # --- what the buttons do ----------------------------------------------------------------
    def train(self, config: Mapping[str, Any], dataset: Any) -> LabRun:
        """Train: a new run of `config`, running; it ends any experiment still queued."""
        self.queue.clear()
        return self.start(config, dataset)

    def start(self, config: Mapping[str, Any], dataset: Any) -> LabRun:
        """A new run of `config`, running (the queue of an experiment is left as it is)."""
        self.run = new_run(config, dataset)
        self.run.status = Status.RUNNING
        return self.run

    def step_epoch(self, config: Mapping[str, Any], dataset: Any) -> LabRun:
        """Train one more epoch of the paused run, or the first epoch of a new one; it ends
        any experiment still queued."""
        self.queue.clear()
        if self.run is None or self.run.ended:
            self.run = new_run(config, dataset)
        run, trainer = self.run, self.run.trainer
        ipe = trainer.iters_per_epoch
        target = (trainer.iteration // ipe + 1) * ipe
        run.stop_at = min(target, trainer.max_iterations or target)
        run.status, run.last_tick = Status.RUNNING, None
        return run

    def pause(self) -> None:
        if self.run is not None and self.run.status == Status.RUNNING:
            self.run.status = Status.PAUSED

    def resume(self) -> None:
        if self.run is not None and self.run.status == Status.PAUSED:
            self.run.stop_at, self.run.last_tick = None, None
            self.run.status = Status.RUNNING

    def reset(self) -> None:
        """Forget the current run (and any experiment still queued); finished runs stay."""
        self.run = None
        self.queue.clear()

    def start_experiment(self, experiment_id: str, base_config: Mapping[str, Any],
                         dataset: Any) -> LabRun:
        """Queue a key experiment (core.compare.EXPERIMENTS) and start its first run; the
        comparison then shows exactly its runs."""
        configs = experiment_configs(base_config, experiment_id, dataset.n_train)
        first = self.store.next_id()
        ids = list(range(first, first + len(configs)))
        self.selected, self.experiment = ids, (experiment_id, ids)
        self.queue = [(config, dataset) for config in configs[1:]]
        return self.start(configs[0], dataset)

    # --- the timer --------------------------------------------------------------------------
    def advance(self, budget: float, clock: Callable[[], float] = time.perf_counter) -> bool:
        """One slice of training, in its turn at the processor; a run that just ended is kept
        for comparison and the next run of an experiment, if any, starts. False when nothing
        changed (no run going, or no turn within TURN_WAIT): nothing new to draw."""
        run = self.run
        if run is None or run.status != Status.RUNNING:
            return False
        with GATE.turn(TURN_WAIT, served=self.last_turn) as granted:
            if not granted:
                return False  # others are training: try again on the next tick
            self.last_turn = time.monotonic()
            train_slice(run, budget, clock)
        if run.ended:
            self.keep(run)
            if self.queue:
                config, dataset = self.queue.pop(0)
                self.start(config, dataset)
        return True

    def keep(self, run: LabRun) -> None:
        """Keep an ended run in the store for comparison (once)."""
        if not run.stored:
            run.stored = True
            self.store.add_trainer(run.trainer, run.config, run.w1_init)
