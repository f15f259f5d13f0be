"""Draw a digit in a real browser: a stroke made with the mouse on the real pad (a
st.components.v2 canvas) reaches the network, the page shows what it reads and its answer."""

from __future__ import annotations

import re
import time

import pytest

from core.i18n import t
from tests.e2e import harness

DRAW = harness.PAGES["draw"]
FIRST_VISIT_MS = 180_000  # the first visit trains the reference network once for the server
PAD = "[data-testid='stMain'] canvas.lfd-pad-canvas"  # Playwright's CSS reaches into the shadow root

# Ink on the pad: pixels the strokes covered (the canvas is transparent where nothing is drawn).
PAD_INK_JS = """el => {
  const data = el.getContext('2d').getImageData(0, 0, el.width, el.height).data;
  let ink = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) ink++;
  return ink;
}"""
# Dark pixels in a chart (a canvas) or its marks (an SVG): the heat map's ink.
CHART_INK_JS = """el => {
  const canvas = el.querySelector('canvas');
  if (canvas) {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    for (let i = 0; i < data.length; i += 4)
      if (data[i + 3] > 0 && data[i] < 128 && data[i + 1] < 128 && data[i + 2] < 128) ink++;
    return ink;
  }
  return [...el.querySelectorAll('svg.marks path')].filter(p => {
    const m = (p.getAttribute('fill') || '').match(/\\d+/g);
    return m && m.length >= 3 && +m[0] < 128 && +m[1] < 128 && +m[2] < 128;
  }).length;
}"""


def open_draw(page, app_server, lang: str, **query: str) -> None:
    harness.open_app(page, app_server, DRAW, {"lang": lang, **query}, timeout_ms=FIRST_VISIT_MS)
    page.locator(PAD).wait_for(timeout=30_000)
    assert harness.error_texts(page) == []


def stroke(page, points: list[tuple[float, float]], steps: int = 12) -> float:
    """Draw one stroke through `points` (fractions of the pad) with the mouse, wait for the
    answer's rerun; return the seconds from releasing the button to the answer on screen."""
    page.locator(PAD).scroll_into_view_if_needed()  # the mouse reaches only what is on screen
    box = page.locator(PAD).bounding_box()
    xy = [(box["x"] + fx * box["width"], box["y"] + fy * box["height"]) for fx, fy in points]
    page.mouse.move(*xy[0])
    page.mouse.down()
    for (x0, y0), (x1, y1) in zip(xy, xy[1:]):
        for i in range(1, steps + 1):
            page.mouse.move(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps)
    before = harness.runs_finished(page)
    started = time.perf_counter()
    page.mouse.up()
    deadline = started + 30
    while harness.runs_finished(page) <= before and time.perf_counter() < deadline:
        page.wait_for_timeout(5)
    answered = time.perf_counter() - started
    harness.wait_for_app(page)
    return answered


def caption_with(page, text: str, *, start: bool = False) -> str:
    captions = page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']")
    found = [c.strip() for c in captions.all_inner_texts()
             if (c.strip().startswith(text) if start else text in c)]
    assert found, text
    return found[0]


def input_chart(page):
    """The heat map of what the network reads (its one panel is headed 28 × 28)."""
    return page.locator("[data-testid='stMain'] [data-testid='stVegaLiteChart']").filter(
        has_text="28 × 28").first


def chart_ink(chart) -> int:
    chart.locator("svg.marks, canvas").first.wait_for(state="attached", timeout=15_000)
    chart.page.wait_for_timeout(300)  # the view's redraw after its data changed
    return int(chart.evaluate(CHART_INK_JS))


@pytest.mark.parametrize("lang", harness.LANGS)
def test_a_vertical_stroke_is_read_as_a_digit(page, app_server, lang: str) -> None:
    open_draw(page, app_server, lang)
    assert page.get_by_text(t("draw.state.empty", lang)).count() == 1
    assert page.locator(PAD).evaluate(PAD_INK_JS) == 0
    ink_before = chart_ink(input_chart(page))

    seconds = stroke(page, [(0.5, 0.15), (0.5, 0.85)])
    print(f"\n[{lang}] stroke end -> script run finished: {seconds * 1000:.0f} ms")

    assert harness.error_texts(page) == []
    assert page.locator(PAD).evaluate(PAD_INK_JS) > 1000  # the stroke is on the pad
    # The preview shows it: pixels with ink, counted and drawn.
    ink_line = caption_with(page, t("draw.sees.ink", lang, n="\x00", total="\x00").split("\x00")[-1])
    counted = [int(n) for n in re.findall(r"\d+", ink_line)]
    assert counted[0] > 0 and counted[1] == 784, ink_line
    assert chart_ink(input_chart(page)) > ink_before + 20
    # Ten probabilities that sum to 1, and a digit read.
    values_line = caption_with(page, "y₀…y₉", start=True)
    y = [float(v) for v in re.findall(r"\d\.\d{3}", values_line)[:10]]
    assert len(y) == 10 and abs(sum(y) - 1) < 0.01, values_line
    metric = page.locator("[data-testid='stMain'] [data-testid='stMetric']").filter(
        has_text=t("draw.answer.predicted", lang)).first
    digit = metric.locator("[data-testid='stMetricValue']").inner_text().strip()
    assert digit in [str(d) for d in range(10)] and int(digit) == y.index(max(y))
    assert page.get_by_text(t("draw.state.empty", lang)).count() == 0

    # The digit meant: both losses for it.
    harness.rerun_after(page, lambda: page.locator(
        "[data-testid='stMain'] [data-testid='stButtonGroup'] button").filter(
        has_text=re.compile(r"^1$")).click())
    for key in ("loss.ce", "loss.mse"):
        assert page.locator("[data-testid='stMetricLabel']").filter(
            has_text=t(key, lang)).count() == 1
    harness.screenshot(page, harness.SCREENSHOTS / f"draw-{lang}.png")
    harness.screenshot(page, harness.SCREENSHOTS / "top" / f"draw-{lang}.png",
                       clip_from="[data-testid='stMain'] h1", height=1000)  # docs/screenshots


def test_undo_and_clear_empty_the_pad_and_the_answer(page, app_server) -> None:
    open_draw(page, app_server, "en")
    stroke(page, [(0.3, 0.2), (0.7, 0.2), (0.4, 0.85)])  # a 7
    stroke(page, [(0.35, 0.5), (0.65, 0.5)])
    with_two = page.locator(PAD).evaluate(PAD_INK_JS)
    pad_buttons = page.locator("[data-testid='stMain'] .lfd-pad-buttons button")
    harness.rerun_after(page, lambda: pad_buttons.filter(has_text=t("draw.pad.undo", "en")).click())
    assert 0 < page.locator(PAD).evaluate(PAD_INK_JS) < with_two
    harness.rerun_after(page, lambda: pad_buttons.filter(has_text=t("draw.pad.clear", "en")).click())
    assert page.locator(PAD).evaluate(PAD_INK_JS) == 0
    assert page.get_by_text(t("draw.state.empty", "en")).count() == 1
    assert harness.error_texts(page) == []


def test_presentation_mode_at_1280_by_720(page, app_server) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    open_draw(page, app_server, "en", present="1")
    stroke(page, [(0.3, 0.2), (0.72, 0.2), (0.42, 0.85)])  # a 7
    assert harness.error_texts(page) == []
    assert caption_with(page, "y₀…y₉", start=True)
    page.evaluate("""() => { const pad = document.querySelector("[data-testid='stMain']")
        .querySelector("[data-testid='stBidiComponentIsolated']");
        pad.closest("[data-testid='stHorizontalBlock']").scrollIntoView({block: "start"}); }""")
    page.wait_for_timeout(400)
    path = harness.SCREENSHOTS / "draw-present-en.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))  # the screen a class sees: 1280 x 720


def test_a_finger_draws_on_a_phone_and_the_page_does_not_scroll(browser, app_server) -> None:
    """Touch events (Chromium's own, through the DevTools protocol) become the pad's pointer
    events; the canvas's touch-action keeps the page from scrolling under the finger."""
    context = harness.new_context(browser, has_touch=True, is_mobile=True,
                                  viewport={"width": 412, "height": 915})
    try:
        page = context.new_page()
        open_draw(page, app_server, "en")
        page.locator(PAD).scroll_into_view_if_needed()
        box = page.locator(PAD).bounding_box()
        x = box["x"] + box["width"] / 2
        y0, y1 = box["y"] + 0.15 * box["height"], box["y"] + 0.85 * box["height"]
        main_scroll = "() => document.querySelector(\"[data-testid='stMain']\").scrollTop"
        scrolled = page.evaluate(main_scroll)
        cdp = context.new_cdp_session(page)
        before = harness.runs_finished(page)
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y0}]})
        for i in range(1, 16):
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove",
                                                  "touchPoints": [{"x": x, "y": y0 + (y1 - y0) * i / 15}]})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        deadline = time.perf_counter() + 30
        while harness.runs_finished(page) <= before and time.perf_counter() < deadline:
            page.wait_for_timeout(10)
        harness.wait_for_app(page)
        assert harness.error_texts(page) == []
        assert page.locator(PAD).evaluate(PAD_INK_JS) > 1000
        assert page.evaluate(main_scroll) == scrolled
        digit = page.locator("[data-testid='stMain'] [data-testid='stMetricValue']").first
        assert digit.inner_text().strip() in [str(d) for d in range(10)]
    finally:
        context.close()
