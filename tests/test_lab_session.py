"""core.lab.session: the life of the lab's runs without Streamlit (the page only wires it)."""

from __future__ import annotations

import pickle
from functools import lru_cache

import numpy as np
import pytest

from core.datasets import load_dataset
from core.lab import LabSession, Status
from core.training import DEFAULT_CONFIG

CONFIG = {**DEFAULT_CONFIG, "epochs": 3, "train_size": 300, "seed": 4}


@lru_cache(maxsize=None)
def digits():
    return load_dataset("digits", seed=0)


def finish(session: LabSession, budget: float = 5.0, limit: int = 500) -> None:
    """Advance until nothing is running (the page's timer, without a page)."""
    for _ in range(limit):
        if not session.running:
            return
        session.advance(budget)
    raise AssertionError("the run did not end")


def weights(session: LabSession) -> dict[str, np.ndarray]:
    return {k: v.copy() for k, v in session.run.trainer.network.params.items()}


def test_a_new_session_is_idle() -> None:
    session = LabSession()
    assert session.status == Status.IDLE == "idle" and not session.running
    session.advance(1.0)  # nothing to do, nothing breaks
    assert session.run is None


def test_train_runs_to_the_end_and_keeps_the_run_once() -> None:
    session = LabSession()
    run = session.train(CONFIG, digits())
    assert session.status == Status.RUNNING
    finish(session)
    assert run.status == Status.FINISHED and run.ended and run.trainer.stop_reason == "done"
    assert run.trainer.iteration == 3 * run.trainer.iters_per_epoch
    assert len(session.store) == 1 and run.stored
    session.keep(run)  # a second call keeps nothing more
    assert len(session.store) == 1


def test_pause_and_resume_give_the_uninterrupted_run_bit_for_bit() -> None:
    straight = LabSession()
    straight.train(CONFIG, digits())
    finish(straight)
    broken = LabSession()
    broken.train(CONFIG, digits())
    broken.advance(0.0005)  # a few iterations
    broken.pause()
    assert broken.status == Status.PAUSED
    at = broken.run.trainer.iteration
    broken.advance(1.0)  # paused: no training
    assert broken.run.trainer.iteration == at
    broken.resume()
    finish(broken, budget=0.001)  # many small slices
    assert broken.run.trainer.history == straight.run.trainer.history
    assert broken.run.trainer.evaluations == straight.run.trainer.evaluations
    for key, value in weights(straight).items():
        assert np.array_equal(weights(broken)[key], value)


def test_one_epoch_at_a_time() -> None:
    session = LabSession()
    session.step_epoch(CONFIG, digits())
    finish(session)
    trainer = session.run.trainer
    assert session.status == Status.PAUSED and trainer.iteration == trainer.iters_per_epoch
    session.step_epoch(CONFIG, digits())
    finish(session)
    assert trainer.iteration == 2 * trainer.iters_per_epoch and session.run.trainer is trainer
    session.step_epoch(CONFIG, digits())
    finish(session)
    assert session.status == Status.FINISHED  # the third epoch was the last
    session.step_epoch(CONFIG, digits())  # after the end: a new run's first epoch
    assert session.run.trainer is not trainer


def test_a_diverging_run_ends_as_diverged_and_is_kept() -> None:
    session = LabSession()
    session.train({**CONFIG, "activation": "identity", "learning_rate": 10.0, "epochs": 50},
                  digits())
    finish(session)
    assert session.status == Status.DIVERGED
    (record,) = session.store.list()
    assert record.stop_reason == "diverged" and record.findings == ("diverged",)


def test_an_experiment_trains_its_runs_one_after_another_and_selects_them() -> None:
    session = LabSession()
    session.start_experiment("activation", {**CONFIG, "dataset": "digits"}, digits())
    assert len(session.queue) == 2 and session.running
    finish(session)
    records = session.store.list()
    assert [r.config["activation"] for r in records] == ["step", "sigmoid", "relu"]
    assert session.experiment == ("activation", [r.run_id for r in records])
    assert session.selected == [r.run_id for r in records] and not session.queue
    assert records[0].final["w1_changed"] == 0 and records[1].final["w1_changed"] > 0


@pytest.mark.parametrize("action", ["train", "step_epoch", "reset"])
def test_a_new_run_or_a_reset_ends_the_experiment(action: str) -> None:
    session = LabSession()
    session.start_experiment("lr", {**CONFIG, "dataset": "digits"}, digits())
    assert session.queue
    if action == "reset":
        session.reset()
        assert session.run is None
    else:
        getattr(session, action)(CONFIG, digits())
    assert session.queue == []


def test_a_session_pickles_and_the_copy_trains_on_identically() -> None:
    session = LabSession()
    session.train(CONFIG, digits())
    session.advance(0.0005)
    copy = pickle.loads(pickle.dumps(session))  # noqa: S301 - our own bytes, just made
    finish(session)
    finish(copy)
    assert copy.run.trainer.history == session.run.trainer.history
    assert copy.store.list()[0].final == session.store.list()[0].final


def test_cached_views_are_recomputed_only_when_training_moved_on() -> None:
    session = LabSession()
    run = session.train(CONFIG, digits())
    calls = []
    view = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert run.cached("x", view) == 1 and run.cached("x", view) == 1
    session.advance(0.0005)
    assert run.cached("x", view) == 2
