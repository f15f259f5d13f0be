"""The lab says how a run failed, why, and what to change; it offers the settings that learn
a data set; a key experiment ends with its figures. AppTest, zh and en."""

from __future__ import annotations

import pytest

from core.i18n import t
from tests.conftest import assert_clean, rendered_text
from tests.test_page_lab import click, lab, lab_of, run_of, train_to_end, widget


def drive(at) -> None:
    """Full page runs until the experiment queue is empty and the last run has finished."""
    for _ in range(200):
        run = run_of(at)
        if run is not None and run.status != "running" and not lab_of(at).queue:
            return
        at.run()
        assert not at.exception, at.exception
    raise AssertionError("the experiment did not finish")


def body(kind: str, lang: str) -> str:
    """The bold first sentence of a finding's explanation, as the page shows it."""
    return t(f"diag.{kind}", lang).split("**")[1]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_saturating_rate_gets_a_message_and_a_smaller_rate_to_use(lang: str) -> None:
    at = lab(lang, lab_lr="100", lab_epochs="20")
    train_to_end(at)
    text = rendered_text(at)
    assert body("saturated", lang) in text
    assert t("diag.fix.smaller_lr", lang, lr="10") in text
    button = at.button(key="_lab_fix_saturated")
    assert button.label == t("lab.use_lr", lang, lr="10")
    button.click().run()
    assert widget(at, "lab_lr").value == 10.0
    assert_clean(at)


@pytest.mark.parametrize("lr", ["1000"])
def test_the_largest_rate_a_link_allows_gets_a_message_too(lr: str) -> None:
    at = lab("en", lab_lr=lr, lab_epochs="20")
    train_to_end(at)
    assert body("saturated", "en") in rendered_text(at)


def test_the_books_default_run_gets_no_finding() -> None:
    at = lab("en")  # the lab's default length: about 2,000 updates
    train_to_end(at)
    text = rendered_text(at)
    for kind in ("saturated", "oscillating", "plateau", "learned_nothing"):
        assert body(kind, "en") not in text
    gap = {m.label: m.value for m in at.metric}[t("lab.metric.gap", "en")]
    assert gap.endswith("pp") and gap != "–"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_xor_with_the_books_settings_learned_nothing_and_the_preset_fixes_it(lang: str) -> None:
    at = lab(lang, dataset="xor")
    train_to_end(at)
    text = rendered_text(at)
    assert body("learned_nothing", lang) in text and t("diag.fix.preset", lang) in text
    tiles = {m.label: m.value for m in at.metric}
    assert tiles[t("lab.metric.gap", lang)] == "–"  # no gap between two guesses
    click(at, "_lab_preset")
    assert widget(at, "lab_act").value == "relu" and widget(at, "lab_opt").value == "adam"
    assert widget(at, "lab_lr").value == 0.01
    run = train_to_end(at)
    assert run.trainer.evaluations[-1]["test_acc"] >= 0.95
    assert body("learned_nothing", lang) not in rendered_text(at)
    assert_clean(at)


def test_the_preset_button_is_offered_only_where_the_book_does_not_fit() -> None:
    assert not [b for b in lab("en").get("button") if b.key == "_lab_preset"]
    assert [b for b in lab("en", dataset="spiral").get("button") if b.key == "_lab_preset"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_activation_experiment_ends_with_its_figures(lang: str) -> None:
    at = lab(lang)
    click(at, "_lab_exp_activation")
    drive(at)
    text = rendered_text(at)
    assert t("cmp.sum.heading", lang) in text
    said = {"en": "0 of 1,280 first-layer weights changed", "zh": "1,280 个权重中改变了 0 个"}
    assert said[lang] in text
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == [t("cmp.act.step", lang), t("cmp.act.sigmoid", lang),
                                      t("cmp.act.relu", lang)]
    accuracy = table[t("cmp.col.test_acc", lang)]
    assert accuracy.iloc[1] - accuracy.iloc[0] >= 15 and accuracy.iloc[2] - accuracy.iloc[0] >= 15
    assert_clean(at)
