"""A choice labelled in the user's language still shows its choice after a language switch.

Streamlit's radio, select box and multiselect send the chosen option's *label* back from the
browser. Relabelled in place by a language switch, the browser's old label matched none of the
new ones and the radio showed no option selected until a reload, though Python kept the value
(the lab's loss, activation and sampling, the why-a-loss activation, the loss page's preset).
pages.shared.localized gives each language its own widget, seeded from the one value in
session_state; tests/e2e/test_e2e_settings.py checks the checked option in a real browser.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.i18n import t
from pages import lab_controls, loss_functions, why_loss
from pages.shared import LANG, widget_key
from tests.conftest import assert_clean, open_page

PAGES = Path(__file__).resolve().parent.parent / "pages"
LAB, WHY, LOSS = "pages/training_lab.py", "pages/why_loss.py", "pages/loss_functions.py"
# (page, session key, its options, a value to choose that is not the default, its label key)
RADIOS = [
    (LAB, "lab_loss", lab_controls.LOSSES, "mse", "lab.loss.mse"),
    (LAB, "lab_act", lab_controls.ACTIVATIONS, "step", "lab.act.step"),
    (LAB, "lab_sampling", lab_controls.SAMPLINGS, "shuffle", "lab.sampling.shuffle"),
    (WHY, why_loss.ACT, why_loss.GRAD_ACTS, "step", "why.act.step"),
    (LOSS, loss_functions.PRESET, loss_functions.PRESETS, "right", "loss.preset.right"),
]


def radio_of(at: AppTest, key: str, lang: str):
    found = [r for r in at.radio if r.key == widget_key(key, lang)]
    assert len(found) == 1, (key, lang, [r.key for r in at.radio])
    return found[0]


@pytest.mark.parametrize(("page", "key", "options", "value", "label_key"), RADIOS,
                         ids=[r[1] for r in RADIOS])
def test_a_radio_keeps_its_value_and_index_after_a_language_switch(
        page: str, key: str, options: tuple, value: str, label_key: str) -> None:
    at = open_page(page, lang="en")
    radio_of(at, key, "en").set_value(value).run()
    assert_clean(at)
    at.radio(key=LANG).set_value("zh").run()
    assert_clean(at)
    zh = radio_of(at, key, "zh")
    assert zh.value == value
    assert zh.index == options.index(value)
    assert zh.options[zh.index] == t(label_key, "zh") != t(label_key, "en")  # shown in Chinese
    assert not [r for r in at.radio if r.key in (key, widget_key(key, "en"))]  # no stale widget
    at.radio(key=LANG).set_value("en").run()  # and back
    assert radio_of(at, key, "en").index == options.index(value)


# Direct calls of these widgets whose labels are fixed in every language (no localized needed):
# the language radio names each language in itself, and the lab's run picker is already keyed
# per language with shared.widget_key.
FIXED_LABELS = {("shared.py", "LANG"), ("lab_views.py", "key")}
LABEL_VALUED = ("radio", "selectbox", "multiselect")


def test_every_labelled_choice_goes_through_shared_localized() -> None:
    """A radio, select box or multiselect with a format_func is created by shared.localized
    (which receives the widget function, not a call), so every future one gets the fix too."""
    offenders = []
    for path in sorted(PAGES.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in LABEL_VALUED):
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            if "format_func" not in keywords:
                continue
            key = ast.unparse(keywords["key"]) if "key" in keywords else ""
            if (path.name, key) not in FIXED_LABELS:
                offenders.append(f"{path.name}:{node.lineno} {node.func.attr}(key={key})")
    assert offenders == [], f"use shared.localized for these: {offenders}"
