"""The processor's turnstile (core/lab/gate.py): at most `slots` runs train at once, the run
that trained least first, and a run that gets no turn in time goes on without training."""

from __future__ import annotations

import threading
import time

import pytest

from core.lab import gate
from core.lab.gate import TrainingGate


def test_no_more_than_slots_train_at_once() -> None:
    turnstile, inside, most = TrainingGate(2), [0], [0]
    lock = threading.Lock()

    def train() -> None:
        with turnstile.turn(10) as granted:
            assert granted
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.02)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=train) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 2


def test_the_least_served_goes_first_then_the_first_to_arrive() -> None:
    turnstile, order = TrainingGate(1), []
    holder, release = threading.Event(), threading.Event()

    def first() -> None:
        with turnstile.turn(10):
            holder.set()
            release.wait(10)

    def later(name: str, served: float) -> None:
        with turnstile.turn(10, served=served):
            order.append(name)

    threading.Thread(target=first).start()
    holder.wait(10)
    threads = []
    for name, served in (("trained 5 s", 5.0), ("new", 0.0), ("trained 1 s", 1.0), ("also new", 0.0)):
        thread = threading.Thread(target=later, args=(name, served))
        thread.start()
        threads.append(thread)
        while turnstile.waiting < len(threads):
            time.sleep(0.001)
    release.set()
    for thread in threads:
        thread.join()
    assert order == ["new", "also new", "trained 1 s", "trained 5 s"]


def test_equal_runs_are_served_in_order_of_arrival() -> None:
    turnstile, order = TrainingGate(1), []
    holder = threading.Event()
    release = threading.Event()

    def first() -> None:
        with turnstile.turn(10):
            holder.set()
            release.wait(10)

    def later(name: int) -> None:
        with turnstile.turn(10):
            order.append(name)

    threading.Thread(target=first).start()
    holder.wait(10)
    threads = []
    for name in range(5):
        thread = threading.Thread(target=later, args=(name,))
        thread.start()
        threads.append(thread)
        while turnstile.waiting < name + 1:  # each in the queue before the next arrives
            time.sleep(0.001)
    release.set()
    for thread in threads:
        thread.join()
    assert order == [0, 1, 2, 3, 4]


def test_no_turn_in_time_means_no_training_and_no_place_kept() -> None:
    turnstile = TrainingGate(1)
    with turnstile.turn(1) as first:
        assert first
        with turnstile.turn(0.05) as second:
            assert not second
    assert turnstile.waiting == 0
    with turnstile.turn(0.05) as third:
        assert third


@pytest.mark.parametrize(("env", "expected"), [("3", 3), ("0", None), ("many", None), ("", None)])
def test_slots_follow_the_environment_else_the_cores(monkeypatch, env: str, expected) -> None:
    monkeypatch.setenv(gate.SLOTS_ENV, env)
    assert gate.default_slots() == (expected or 1)
