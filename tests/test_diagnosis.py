"""core.diagnosis: each way training fails is named on a run built to show it, and the
book's default run gets no finding."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest

from core.datasets import load_dataset
from core.diagnosis import (
    FINDINGS,
    at_chance,
    chance_accuracy,
    diagnose,
    diagnose_trainer,
    jumps,
    learned_nothing,
    plateau_length,
)
from core.i18n import t
from core.training import DEFAULT_CONFIG, build_trainer


@lru_cache(maxsize=None)
def data(name: str, seed: int = 0):
    return load_dataset(name, seed=seed)


def findings(name: str = "digits", seed: int = 0, **settings) -> list:
    trainer = build_trainer({**DEFAULT_CONFIG, "iterations": 2000, "seed": seed, **settings},
                            data(name, seed))
    while not trainer.done:
        trainer.step(1000)
    return diagnose_trainer(trainer)


def kinds(found) -> list[str]:
    return [f.kind for f in found]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("name", ["digits", "mnist-5k"])
def test_the_books_default_run_gets_no_finding(name: str, seed: int) -> None:
    assert findings(name, seed) == []


@pytest.mark.parametrize(("settings", "expected"), [
    ({"learning_rate": 100.0}, ["saturated"]),
    ({"learning_rate": 1000.0}, ["saturated"]),
    ({"learning_rate": 10.0}, ["oscillating"]),
    ({"learning_rate": 0.05}, ["plateau"]),
    ({"learning_rate": 0.01}, ["learned_nothing"]),
    ({"optimizer": "momentum", "learning_rate": 10.0}, ["oscillating", "learned_nothing"]),
    ({"activation": "identity", "learning_rate": 10.0}, ["diverged"]),
], ids=["lr100", "lr1000", "lr10", "lr0.05", "lr0.01", "momentum-lr10", "identity-lr10"])
def test_each_failure_is_named_on_a_run_built_to_show_it(settings: dict, expected: list) -> None:
    assert kinds(findings(**settings)) == expected


def test_saturation_quotes_the_loss_climbing_far_above_its_start() -> None:
    (finding,) = findings(learning_rate=100.0)
    assert finding.params["end"] > 10 * finding.params["start"]
    assert finding.params["test_acc"] <= finding.params["chance"] + 0.05


def test_the_plateau_quotes_how_long_the_flat_start_lasted() -> None:
    (finding,) = findings(learning_rate=0.05)
    assert 800 <= finding.params["iterations"] <= 1600 and finding.params["share"] >= 0.4


@pytest.mark.parametrize("name", ["xor", "spiral", "circles"])
def test_a_toy_set_with_the_books_settings_learned_nothing_and_barely_moved(name: str) -> None:
    found = findings(name)
    assert kinds(found) == ["learned_nothing"] and learned_nothing(found)
    assert found[0].params["barely_moved"] == 1.0


def test_chance_is_the_most_common_class_share() -> None:
    assert chance_accuracy(np.array([0, 0, 0, 1])) == 0.75
    assert chance_accuracy(np.arange(10)) == pytest.approx(0.1)


def test_at_chance_allows_two_standard_errors_on_a_small_test_set() -> None:
    assert at_chance(0.60, 0.5, 80)  # 2 x sqrt(.25 / 80) = 0.112 above 0.5
    assert not at_chance(0.65, 0.5, 80)
    assert at_chance(0.14, 0.1, 10_000) and not at_chance(0.16, 0.1, 10_000)
    assert at_chance(float("nan"), 0.1, 100)


def test_plateau_length_and_jumps_on_made_up_curves() -> None:
    flat_then_fall = np.concatenate([np.full(600, 2.3), np.linspace(2.3, 0.3, 1400)])
    # flat for 600, then 161 more iterations to fall 10 % (0.23) at 2/1400 per iteration
    assert 600 + 161 - 40 <= plateau_length(flat_then_fall) <= 600 + 161
    assert plateau_length(np.full(500, 1.0)) == 500
    assert jumps(np.array([2.0, 1.0, 1.5, 0.5, 0.51])) == pytest.approx(0.5)  # 0.01 is noise


def test_a_short_run_and_an_empty_history_get_no_verdict() -> None:
    rows = [{"train_loss": 2.3, "train_acc": 0.1, "test_loss": 2.3, "test_acc": 0.1}] * 2
    assert diagnose([2.3] * 10, rows, chance=0.1, n_test=100) == []
    assert diagnose([], [], chance=0.1, n_test=100) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", FINDINGS)
def test_every_finding_has_a_short_name_and_an_explanation(kind: str, lang: str) -> None:
    assert not t(f"diag.short.{kind}", lang).startswith("⟦")
    long_key = "lab.diverged" if kind == "diverged" else f"diag.{kind}"
    assert not t(long_key, lang).startswith("⟦")
