"""core.presets: "settings that learn this" reach the accuracy the lab promises, within the
lab's default run length, on every 2-D toy set and on the example CSV."""

from __future__ import annotations

import pytest

from core.datasets import load_dataset
from core.datasets.csv_import import dataset_from_csv
from core.presets import PRESETS, PROMISED_ACCURACY, preset_for
from core.training import DEFAULT_CONFIG, build_trainer
from pages.lab_controls import TARGET_ITERATIONS
from pages.shared import TOY_SETS
from tests.conftest import ROOT


def test_accuracy(dataset, preset: dict) -> float:
    trainer = build_trainer({**DEFAULT_CONFIG, **preset, "iterations": TARGET_ITERATIONS}, dataset)
    while not trainer.done:
        trainer.step(1000)
    return trainer.evaluations[-1]["test_acc"]


test_accuracy.__test__ = False  # a helper, not a test


def test_every_toy_set_and_the_csv_path_have_a_preset() -> None:
    assert set(PRESETS) == {*TOY_SETS, "csv"}
    assert set(PROMISED_ACCURACY) == set(TOY_SETS)
    assert preset_for("digits") is None and preset_for("mnist") is None


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("name", TOY_SETS)
def test_each_preset_reaches_its_promised_accuracy(name: str, seed: int) -> None:
    promised = PROMISED_ACCURACY[name]
    assert promised == (0.90 if name.startswith("spiral") else 0.95)
    assert test_accuracy(load_dataset(name, seed=seed), preset_for(name)) >= promised


def test_the_csv_preset_learns_the_example_file() -> None:
    assert test_accuracy(dataset_from_csv(ROOT / "data" / "example.csv"), preset_for("csv")) >= 0.95


def test_a_preset_is_a_fresh_copy() -> None:
    preset_for("xor")["learning_rate"] = 99
    assert preset_for("xor")["learning_rate"] == 0.01
