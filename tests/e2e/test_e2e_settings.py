"""Settings a class relies on: language switches keep them, shared links restore them,
presentation mode makes the text larger (measured from computed styles)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from core.datasets import dataset_info
from core.i18n import t
from tests.e2e import harness

LANG_LABEL = {"zh": "中文", "en": "English"}
LOSS, GRADIENT = harness.PAGES["loss_functions"], harness.PAGES["gradient"]


def query_of(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


def set_number(page, key: str, value: int | float) -> None:
    box = harness.widget(page, key).locator("input")
    box.fill(str(value))
    harness.rerun_after(page, lambda: box.press("Enter"))


def choose(page, key: str, option_text: str) -> None:
    """Pick `option_text` in the selectbox created with key=`key`."""
    harness.widget(page, key).locator("[role='combobox']").click()
    option = page.get_by_role("option", name=option_text, exact=True)
    harness.rerun_after(page, lambda: option.click())


def switch_language(page, lang: str) -> None:
    label = harness.widget(page, "lang").locator("label").filter(has_text=LANG_LABEL[lang])
    harness.rerun_after(page, lambda: label.click())


def toggle(page, key: str) -> None:
    harness.rerun_after(page, lambda: harness.widget(page, key).locator("label").first.click())


def toggled(page, key: str) -> bool:
    return harness.widget(page, key).locator("input[type='checkbox']").is_checked()


def selected_text(page, key: str) -> str:
    return harness.widget(page, key).locator("[role='combobox']").input_value()


def number_value(page, key: str) -> str:
    return harness.widget(page, key).locator("input").input_value()


def font_px(page, selector: str) -> float:
    """Computed font size of the first element matching `selector` in the main area."""
    loc = page.locator(f"[data-testid='stMain'] {selector}").first
    return float(loc.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))


def open_sidebar(page) -> None:
    """Unfold the sidebar with its own button, as a teacher on the projector would."""
    expand = page.locator("[data-testid='stExpandSidebarButton']")
    expand.wait_for(timeout=30_000)
    expand.click()
    page.wait_for_function("""() => { const s = document.querySelector("[data-testid='stSidebar']");
                                      return s && s.getBoundingClientRect().left >= 0; }""",
                           timeout=30_000)


def test_switching_language_keeps_the_settings(page, app_server) -> None:
    harness.open_app(page, app_server, LOSS, {"lang": "en"})
    set_number(page, "seed", 7)
    choose(page, "dataset", t(dataset_info("xor").title_key, "en"))
    toggle(page, "present")
    before = query_of(page.url)
    assert before["seed"] == "7" and before["dataset"] == "xor" and before["present"] == "1"
    open_sidebar(page)  # presentation mode folded it away; its toggle brings it back

    switch_language(page, "zh")

    assert harness.error_texts(page) == []
    assert urlsplit(page.url).path == f"/{LOSS}", "the page stays the same"
    assert query_of(page.url) == {**before, "lang": "zh"}
    assert number_value(page, "seed") == "7"
    assert toggled(page, "present")
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.get_by_text(t("sidebar.seed", "zh"), exact=True).count() == 1
    assert sidebar.get_by_text(t("sidebar.noise", "zh"), exact=True).count() == 1, \
        "the toy set's own controls are still shown: the data set is still XOR"


def test_switching_language_relabels_the_chosen_data_set(page, app_server) -> None:
    """The data set box must show its choice in the new language, not the old one."""
    harness.open_app(page, app_server, LOSS, {"lang": "en", "dataset": "xor"})
    assert selected_text(page, "dataset") == t(dataset_info("xor").title_key, "en")

    switch_language(page, "zh")

    assert selected_text(page, "dataset") == t(dataset_info("xor").title_key, "zh")


def test_a_shared_link_restores_its_configuration(browser, app_server) -> None:
    """A teacher sets things up and shares the address; a student's fresh browser gets the same."""
    teacher = harness.new_context(browser)
    student = harness.new_context(browser)
    try:
        page = teacher.new_page()
        harness.open_app(page, app_server, GRADIENT, {"lang": "zh"})
        set_number(page, "seed", 42)
        choose(page, "dataset", t(dataset_info("moons").title_key, "zh"))
        toggle(page, "present")
        shared_url = page.url

        other = harness.open_shared_link(student, shared_url)
        assert urlsplit(other.url).path == f"/{GRADIENT}"
        assert number_value(other, "seed") == "42"
        assert selected_text(other, "dataset") == t(dataset_info("moons").title_key, "zh")
        assert toggled(other, "present")
        assert query_of(other.url) == query_of(shared_url)
    finally:
        teacher.close()
        student.close()


def test_a_link_with_bad_values_falls_back_with_a_notice(page, app_server) -> None:
    harness.open_app(page, app_server, "", {"lang": "en", "seed": "-5", "dataset": "nope",
                                            "present": "maybe"})
    assert harness.error_texts(page) == []
    assert number_value(page, "seed") == "0"
    assert not toggled(page, "present")
    assert page.locator("[data-testid='stAlertContentInfo']").count() >= 1


def test_presentation_mode_makes_the_text_larger(page, app_server) -> None:
    harness.open_app(page, app_server, LOSS, {"lang": "en"})
    number = font_px(page, "[data-testid='stMetricValue']")
    text = font_px(page, "[data-testid='stMarkdownContainer'] p")

    toggle(page, "present")

    assert toggled(page, "present")
    # On the projector: body text of at least 24 px, key numbers of at least 40 px.
    assert font_px(page, "[data-testid='stMetricValue']") >= max(40, 1.15 * number)
    assert font_px(page, "[data-testid='stMarkdownContainer'] p") >= max(24, 1.2 * text)


# Text Streamlit cuts when it does not fit: metric labels and values, button labels (with an
# ellipsis) and the chosen option of a select box. At presentation size in 1,280 px, equal
# columns cut "1437 个…" and "94.…"; "SGD (the book's gradient des" lost its end.
CUT_TEXT_JS = """() => [...document.querySelectorAll(
    '[data-testid="stMetricValue"], [data-testid="stMetricValue"] *, '
    + '[data-testid="stMetricLabel"] *, [data-testid^="stBaseButton"] .stMarkdownEllipsis, '
    + '[data-testid="stSelectbox"] input')]
  .filter(el => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
  // on the screen: a collapsed sidebar (the projector's) keeps its boxes off to the left
  .filter(el => { const r = el.getBoundingClientRect(); return r.right > 0 && r.left < innerWidth; })
  .map(el => (el.value || el.innerText || '').trim()).filter(Boolean)"""


@pytest.mark.parametrize("present", ["0", "1"])
@pytest.mark.parametrize("lang", harness.LANGS)
@pytest.mark.parametrize("name", list(harness.PAGES))
def test_no_metric_or_button_text_is_cut_at_1280_px(context, app_server, name: str, lang: str,
                                                    present: str) -> None:
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    query = {"lang": lang, "present": present}
    if name == "training_lab":  # its metrics appear once it has trained
        query.update({"dataset": "digits", "lab_lr": "2", "lab_epochs": "2"})
    harness.open_app(page, app_server, harness.PAGES[name], query)
    if name == "class_experiment":  # its counts appear once a room is open
        create = harness.widget(page, "_room_create").locator("button")
        harness.rerun_after(page, lambda: create.click())
    if name == "draw":  # its answer (the digit read, the losses) appears once a digit is drawn
        from tests.e2e.test_e2e_draw import PAD, stroke

        page.locator(PAD).wait_for(timeout=60_000)
        stroke(page, [(0.5, 0.2), (0.5, 0.8)])
    if name == "draw" and present == "0":  # on the projector the digit meant is a later scene
        harness.rerun_after(page, lambda: page.locator(  # the digit meant: its two losses
            "[data-testid='stMain'] [data-testid='stButtonGroup'] button").filter(
            has_text=re.compile(r"^1$")).click())
    if name == "training_lab":
        button = harness.widget(page, "_lab_train").locator("button")
        harness.rerun_after(page, lambda: button.click())
        page.locator("[data-testid='stMetricValue']").first.wait_for(timeout=60_000)
        harness.wait_for_app(page, 60_000)
    assert harness.error_texts(page) == []
    if present == "0":  # on the projector the first scene may show no numbers: every scene's
        # text is checked by tests/e2e/test_e2e_scenes.py; here the sidebar and the states
        # reached by a click (a trained lab, a drawn digit, an open room)
        assert page.locator("[data-testid='stMetricValue']").count() >= 2
    assert page.evaluate(CUT_TEXT_JS) == []


RADIOS = [  # (page, radio keys, the value each holds, in its own language's label)
    (harness.PAGES["training_lab"], ("lab_loss", "lab_act", "lab_sampling"),
     {"lab_act": "relu"}),
    (harness.PAGES["why_loss"], ("why_act",), {}),
    (LOSS, ("loss_preset",), {}),
]


def checked_labels(page, key: str) -> list[str]:
    """The labels of the checked options of a radio (its localized widget in either language)."""
    return harness.widget(page, key).first.evaluate(
        """c => Array.from(c.querySelectorAll("input[type=radio]"))
                  .filter(i => i.checked).map(i => i.closest("label").innerText.trim())""")


@pytest.mark.parametrize(("path", "keys", "query"), RADIOS, ids=[r[0] or "learn" for r in RADIOS])
def test_radios_show_their_choice_after_a_language_switch(page, app_server, path, keys,
                                                           query) -> None:
    # A keyed radio relabelled in place showed no option selected until a reload.
    harness.open_app(page, app_server, path, {"lang": "en", **query})
    before = {key: checked_labels(page, key) for key in keys}
    assert all(len(labels) == 1 for labels in before.values()), before
    switch_language(page, "zh")
    after = {key: checked_labels(page, key) for key in keys}
    assert all(len(labels) == 1 for labels in after.values()), after
    assert after != before  # relabelled in Chinese, and still chosen
