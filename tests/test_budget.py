"""core.budget and the lab's refusal of a run over the compute limit (issue: a whole class on
one server). The estimate is checked against figures measured on this kind of machine, and the
refusal in the lab in both languages; no test here times anything."""

from __future__ import annotations

import pytest

from core.budget import (
    DEFAULT_LIMIT,
    duration_text,
    epochs_within,
    limit_from,
    run_cost,
    weights,
)
from core.i18n import t
from core.training import validate_config
from tests.conftest import assert_clean, rendered_text
from tests.test_page_lab import lab, lab_of


def cost(n_train=1437, n_test=360, n_features=64, n_classes=10, **settings):
    config = validate_config(settings, n_train=n_train)
    return run_cost(config, n_train=n_train, n_test=n_test, n_features=n_features,
                    n_classes=n_classes)


def test_weights_of_the_books_net() -> None:
    assert weights([784, 50, 10]) == 784 * 50 + 50 * 10


def test_the_books_default_on_digits_takes_seconds_not_minutes() -> None:
    assert cost(epochs=134).seconds < 5  # the lab's default run: ~2,000 updates


def test_the_hour_long_link_of_the_issue_is_estimated_near_an_hour() -> None:
    # A 999-feature CSV, batch 19,589 (the whole training set), 3 x 1,000 units, 1,000
    # epochs: measured at about 3.8 s per update, i.e. about 63 minutes.
    estimate = cost(n_train=19_589, n_test=4_898, n_features=999, n_classes=50,
                    batch_size=19_589, hidden_size=1000, hidden_layers=3, epochs=1000)
    assert estimate.iterations == 1000
    assert 30 * 60 < estimate.seconds < 2 * 63 * 60


@pytest.mark.parametrize(("setting", "low", "high"), [
    ("batch_size", 10, 1000), ("hidden_size", 10, 500), ("iterations", 500, 5000)])
def test_more_work_costs_more(setting: str, low: int, high: int) -> None:
    base = {"batch_size": 100, "hidden_size": 50, "iterations": 2000}
    assert cost(**{**base, setting: low}).seconds < cost(**{**base, setting: high}).seconds


def test_an_epoch_costs_about_the_same_whatever_the_batch_but_small_batches_pay_overhead() -> None:
    # Same samples seen: the products cost the same; batch 1 pays the per-update overhead
    # 1,437 times per epoch.
    assert cost(batch_size=1, epochs=10).seconds > cost(batch_size=100, epochs=10).seconds


def test_epochs_within_a_limit() -> None:
    one = cost(n_train=5000, n_test=1000, n_features=784, batch_size=1, hidden_size=1000,
               hidden_layers=3, epochs=1)
    assert epochs_within(one, one.per_epoch * 3.5) == 3 and epochs_within(one, 0.0) == 0


@pytest.mark.parametrize(("value", "expected"), [
    ("600", 600.0), (30, 30.0), (None, DEFAULT_LIMIT), ("x", DEFAULT_LIMIT), ("-5", DEFAULT_LIMIT),
    ("inf", DEFAULT_LIMIT), ("nan", DEFAULT_LIMIT)])
def test_a_limit_from_settings_is_a_positive_number_or_the_default(value, expected) -> None:
    assert limit_from(value) == expected


@pytest.mark.parametrize(("seconds", "en", "zh"), [
    (30, "30 seconds", "30 秒"), (120, "2 minutes", "2 分钟"), (3480, "58 minutes", "58 分钟"),
    (3 * 3600, "3.0 hours", "3.0 小时")])
def test_durations_read_naturally(seconds: float, en: str, zh: str) -> None:
    assert duration_text(seconds, "en") == en and duration_text(seconds, "zh") == zh


OVER = {"dataset": "mnist-5k", "lab_batch": "1", "lab_units": "1000", "lab_layers": "3",
        "lab_epochs": "1000"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_over_budget_link_is_refused_with_the_estimate_and_what_to_change(lang: str) -> None:
    at = lab(lang, **OVER)
    at.button(key="_lab_train").click().run()
    assert_clean(at)
    assert lab_of(at).run is None  # nothing started
    errors = " ".join(e.value for e in at.error)
    start = t("lab.budget.over", lang).split("{")[0]
    assert start and start in errors
    assert duration_text(DEFAULT_LIMIT, lang) in errors
    assert t("lab.budget.help", lang).split("{")[0] in rendered_text(at)


def test_a_teacher_can_raise_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LFD_MAX_RUN_SECONDS", "36000")
    at = lab("en", **{**OVER, "lab_epochs": "1"})
    at.button(key="_lab_train").click().run()
    assert_clean(at)
    assert lab_of(at).run is not None
    lab_of(at).pause()
