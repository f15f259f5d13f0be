"""The training lab in a real browser: press Train, watch it learn; settings survive a language
switch and travel in a shared link."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from core.i18n import t
from tests.e2e import harness

LAB = harness.PAGES["training_lab"]
# Small and quick on the bundled 8x8 digits (10 classes, chance = 10 %): 10 epochs of batch 100
# with the chapter's SGD reach about 90 % test accuracy (1,437 training rows, 150 iterations).
SMALL = {"dataset": "digits", "lab_lr": "2", "lab_epochs": "10", "lab_batch": "100"}
CHANCE = 0.10
LANG_LABEL = {"zh": "中文", "en": "English"}


def query_of(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


def click_button(page, key: str) -> None:
    harness.rerun_after(page, lambda: harness.widget(page, key).locator("button").click())


def wait_until_finished(page, lang: str, timeout_ms: float = 120_000) -> None:
    page.locator("[data-testid='stMain']").get_by_text(
        t("lab.status.finished", lang), exact=True).wait_for(timeout=timeout_ms)
    harness.wait_for_app(page)


def metric_value(page, label_key: str, lang: str) -> str:
    metric = page.locator("[data-testid='stMain'] [data-testid='stMetric']").filter(
        has=page.get_by_text(t(label_key, lang), exact=True))
    return metric.first.locator("[data-testid='stMetricValue']").inner_text().strip()


def percent(text: str) -> float:
    match = re.search(r"([\d.]+)\s*%", text)
    assert match, text
    return float(match.group(1)) / 100


def radio_choice(page, key: str) -> str:
    return harness.widget(page, key).locator(
        "[data-testid='stRadioOption'][data-selected='true']").inner_text().strip()


def number_value(page, key: str) -> str:
    return harness.widget(page, key).locator("input").input_value()


def slider_text(page, key: str) -> str:
    return harness.widget(page, key).locator("input[type='range']").get_attribute(
        "aria-valuetext") or ""


INK_JS = """el => {
  const canvas = el.querySelector('canvas');
  if (canvas) {  // count the pixels that are not the white background
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    for (let i = 0; i < data.length; i += 4)
      if (data[i + 3] > 0 && (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200)) ink++;
    return ink;
  }
  return el.querySelectorAll('svg.marks path, svg.marks line, svg.marks text').length;
}"""


def live_charts(page):
    """The lab's live charts (loss, accuracy, gradient norms, histogram): after the progress bar."""
    return page.locator("[data-testid='stMain'] [data-testid='stProgress']").first.locator(
        "xpath=following::*[@data-testid='stVegaLiteChart']")


def chart_drawn(chart) -> None:
    """The chart ended up drawn: a canvas with ink on it, or an SVG with marks."""
    chart.locator("svg.marks, canvas").first.wait_for(state="attached", timeout=15_000)
    chart.page.wait_for_function(f"el => ({INK_JS})(el) > 100", arg=chart.element_handle(),
                                 timeout=15_000)


@pytest.mark.parametrize("lang", harness.LANGS)
def test_pressing_train_learns_above_chance(page, app_server, lang: str) -> None:
    harness.open_app(page, app_server, LAB, {"lang": lang, **SMALL})
    assert harness.error_texts(page) == []
    assert page.get_by_text(t("lab.press_train", lang)).count() == 1

    click_button(page, "_lab_train")
    wait_until_finished(page, lang)

    assert harness.error_texts(page) == []
    charts = live_charts(page)
    assert charts.count() >= 2
    chart_drawn(charts.nth(0))  # the loss
    chart_drawn(charts.nth(1))  # the accuracy per epoch
    accuracy = percent(metric_value(page, "lab.metric.test_acc", lang))
    assert accuracy > 3 * CHANCE, f"test accuracy {accuracy:.1%} is not clearly above chance"
    harness.screenshot(page, harness.SCREENSHOTS / f"training_lab-trained-{lang}.png")
    harness.screenshot(page, harness.SCREENSHOTS / "top" / f"training_lab-trained-{lang}.png",
                       clip_from=".st-key-_lab_train", height=1000)


def test_switching_language_keeps_the_lab_settings_and_run(page, app_server) -> None:
    harness.open_app(page, app_server, LAB, {"lang": "en", **SMALL})
    # Change settings through the widgets, as a student would.
    relu = harness.widget(page, "lab_act").locator("[data-testid='stRadioOption']").filter(
        has_text=t("lab.act.relu", "en"))
    harness.rerun_after(page, lambda: relu.click())
    units = harness.widget(page, "lab_units").locator("input")
    units.fill("30")
    harness.rerun_after(page, lambda: units.press("Enter"))
    click_button(page, "_lab_train")
    wait_until_finished(page, "en")
    accuracy_en = metric_value(page, "lab.metric.test_acc", "en")
    before = query_of(page.url)
    assert before["lab_act"] == "relu" and before["lab_units"] == "30"

    label = harness.widget(page, "lang").locator("label").filter(has_text=LANG_LABEL["zh"])
    harness.rerun_after(page, lambda: label.click())

    assert harness.error_texts(page) == []
    assert query_of(page.url) == {**before, "lang": "zh"}
    assert radio_choice(page, "lab_act") == t("lab.act.relu", "zh")
    assert number_value(page, "lab_units") == "30"
    assert slider_text(page, "lab_lr") == "2"
    # The finished run is still there, now described in Chinese.
    assert page.get_by_text(t("lab.status.finished", "zh"), exact=True).count() == 1
    assert metric_value(page, "lab.metric.test_acc", "zh") == accuracy_en


def test_a_shared_lab_link_restores_its_configuration(browser, app_server) -> None:
    teacher, student = harness.new_context(browser), harness.new_context(browser)
    try:
        page = teacher.new_page()
        harness.open_app(page, app_server, LAB, {"lang": "zh", "seed": 5})
        tanh = harness.widget(page, "lab_act").locator("[data-testid='stRadioOption']").filter(
            has_text=t("lab.act.tanh", "zh"))
        harness.rerun_after(page, lambda: tanh.click())
        thumb = harness.widget(page, "lab_lr").locator("input[type='range']")
        thumb.focus()
        harness.rerun_after(page, lambda: thumb.press("ArrowRight"))  # 0.1 -> 0.2
        units = harness.widget(page, "lab_units").locator("input")
        units.fill("20")
        harness.rerun_after(page, lambda: units.press("Enter"))
        link = page.url

        other = harness.open_shared_link(student, link)
        assert urlsplit(other.url).path == f"/{LAB}"
        assert radio_choice(other, "lab_act") == t("lab.act.tanh", "zh")
        assert slider_text(other, "lab_lr") == "0.2"
        assert number_value(other, "lab_units") == "20"
        assert number_value(other, "seed") == "5"
        assert number_value(other, "lab_seed") == "5", "the lab's seed follows the sidebar's"
        assert query_of(other.url) == query_of(link)
    finally:
        teacher.close()
        student.close()


def test_switching_language_relabels_the_lab_choices(page, app_server) -> None:
    """Select boxes must show their current choice in the new language, not the old one."""
    harness.open_app(page, app_server, LAB, {"lang": "en", "lab_init": "he"})  # SGD: default
    combo = {key: harness.widget(page, key).locator("[role='combobox']")
             for key in ("lab_opt", "lab_init")}
    assert combo["lab_opt"].input_value() == t("lab.opt.sgd", "en")
    assert combo["lab_init"].input_value() == t("lab.init.he", "en")

    label = harness.widget(page, "lang").locator("label").filter(has_text=LANG_LABEL["zh"])
    harness.rerun_after(page, lambda: label.click())

    assert combo["lab_opt"].input_value() == t("lab.opt.sgd", "zh")
    assert combo["lab_init"].input_value() == t("lab.init.he", "zh")
