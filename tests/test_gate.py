"""The processor's turnstile (core/lab/gate.py): at most `slots` runs train at once, the run
that trained least first, and a run that gets no turn in time goes on without training."""

from __future__ import annotations

import os
import threading
import time

import pytest

from core.datasets import load_dataset
from core.lab import gate, new_run, priority, session, train_slice
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


# --- pages first: a page's full run goes before the turn-holder's training chunks ------------
def page_running(turnstile: TrainingGate, seconds: float) -> threading.Thread:
    """Another session's page run, lasting `seconds`, started and under way on return."""
    started = threading.Event()

    def page() -> None:
        with turnstile.page_run():
            started.set()
            time.sleep(seconds)

    thread = threading.Thread(target=page)
    thread.start()
    started.wait(10)
    return thread


def test_training_waits_while_another_page_runs() -> None:
    turnstile = TrainingGate(1)
    page = page_running(turnstile, 0.2)
    waited = turnstile.yield_to_pages(5.0)
    page.join()
    assert 0.1 < waited < 2.0 and turnstile.pages == 0
    assert turnstile.yield_to_pages(5.0) < 0.05  # no page: no wait


def test_training_waits_no_longer_than_its_limit() -> None:
    turnstile = TrainingGate(1)
    page = page_running(turnstile, 1.0)
    assert turnstile.yield_to_pages(0.05) < 0.5
    page.join()


def test_a_page_does_not_wait_for_itself() -> None:
    turnstile = TrainingGate(1)
    with turnstile.page_run(), turnstile.page_run():  # nested: one page
        assert turnstile.pages == 1
        assert turnstile.yield_to_pages(5.0) < 0.05
    assert turnstile.pages == 0


def test_a_page_waiting_for_a_turn_is_not_waited_for() -> None:
    """The turn-holder must not yield to a page that is itself waiting for the turn."""
    turnstile, holding, seen = TrainingGate(1), threading.Event(), []

    def page_wanting_a_turn() -> None:
        with turnstile.page_run(), turnstile.turn(10):
            pass

    with turnstile.turn(1):
        thread = threading.Thread(target=page_wanting_a_turn)
        thread.start()
        while turnstile.waiting < 1:
            time.sleep(0.001)
        seen.append(turnstile.pages)
        seen.append(turnstile.yield_to_pages(5.0))
        holding.set()
    thread.join()
    assert seen[0] == 0 and seen[1] < 0.05 and turnstile.pages == 0


def test_a_slice_trains_less_while_a_page_runs() -> None:
    """The turn-holder's slice gives way: with another page running through the whole slice,
    it trains one chunk (the first), then waits the rest of its time."""
    data = load_dataset("digits", seed=0)
    config = {"epochs": 1000}
    free, busy = new_run(config, data), new_run(config, data)
    turnstile = TrainingGate(1)
    train_slice(free, 0.1, gate=turnstile)
    for run in (free, busy):
        run.per_iter = free.per_iter  # same chunk size for both
    chunk = max(1, int(session.CHUNK_SECONDS / busy.per_iter))  # before the slice measures anew
    page = page_running(turnstile, 0.6)
    train_slice(busy, 0.3, gate=turnstile)
    page.join()
    assert 0 < busy.trainer.iteration <= chunk


# --- training on low-priority threads (core/lab/priority.py) -----------------------------------
def own_niceness() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


def test_training_chunks_run_at_a_lower_priority_than_the_pages() -> None:
    assert priority.at_low_priority(own_niceness) == max(own_niceness(), priority.NICENESS)
    assert own_niceness() < priority.NICENESS  # the caller's own thread keeps its priority


def test_a_training_error_reaches_the_page() -> None:
    with pytest.raises(ZeroDivisionError):
        priority.at_low_priority(lambda: 1 / 0)
