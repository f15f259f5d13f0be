"""The gradient page in a real browser: every table fits its column at 1,280 px, on every tab
(laptop) and in every scene (projector), in both languages (its tables were cut on the right:
a long header in a 2/5 column); and on the projector every scene's charts and widgets fit the
screen at 1280x720 and at 1024x768 (chart titles were cut there: "…的负梯度（红…")."""

from __future__ import annotations

import pytest

from pages.gradient import SCENES
from tests.e2e import harness

GRADIENT = harness.PAGES["gradient"]
PROJECTORS = ({"width": 1280, "height": 720}, {"width": 1024, "height": 768})
TABLES_ONLY = {"speed"}  # the scene of numbers: metrics and the per-array table, no chart

# Streamlit's data grid scrolls inside its own box: wider content than the box means cut columns.
CUT_TABLES_JS = """() => [...document.querySelectorAll("[data-testid='stDataFrame']")]
  .filter(el => el.offsetParent !== null)
  .map(el => { const s = el.querySelector('.dvn-scroller');
               return s ? [s.scrollWidth, s.clientWidth] : null; })
  .filter(w => w !== null && w[0] > w[1] + 1)"""

# What of a scene lies outside the window: its charts and widgets (the notes block below them
# may), and any horizontal overflow of the page.
OUTSIDE_JS = """() => {
  const main = document.querySelector("[data-testid='stMain']");
  const selector = ["[data-testid='stVegaLiteChart']", "[data-testid='stMetric']",
    "[data-testid='stSlider']", "[data-testid='stButton']", "[data-testid='stSelectbox']",
    "[data-testid='stNumberInput']", "[data-testid='stRadio']", "[data-testid='stAlert']",
    "[data-testid='stDataFrame']"].join(", ");
  const out = [...main.querySelectorAll(selector)]
    .filter(el => el.offsetParent !== null && !el.closest("[data-testid='stExpander']"))
    .map(el => [el.getAttribute('data-testid'), el.getBoundingClientRect()])
    .filter(([, r]) => r.bottom > innerHeight + 1 || r.right > innerWidth + 1 || r.left < -1)
    .map(([id, r]) => `${id} ${Math.round(r.left)}-${Math.round(r.right)} x ` +
                      `${Math.round(r.top)}-${Math.round(r.bottom)}`);
  if (main.scrollWidth > main.clientWidth + 1) out.push(`page ${main.scrollWidth} wide`);
  return out;
}"""


def open_expanders(page) -> None:
    closed = page.locator("[data-testid='stExpander'] details:not([open]) summary").filter(
        visible=True)
    while closed.count():  # the tables behind "show every value / parameter" too
        closed.first.click()


def visible_grids(page) -> int:
    grids = page.locator("[data-testid='stDataFrame'] .dvn-scroller").filter(visible=True)
    for j in range(grids.count()):
        grids.nth(j).wait_for()
    return grids.count()


@pytest.mark.parametrize("lang", harness.LANGS)
def test_no_table_is_cut_on_any_tab(page, app_server, lang: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    harness.open_app(page, app_server, GRADIENT, {"lang": lang})
    tabs = page.locator("[data-testid='stMain'] [role='tab']")
    assert tabs.count() == 5
    seen = 0
    for i in range(tabs.count()):
        tabs.nth(i).click()
        harness.wait_no_skeleton(page)
        open_expanders(page)
        seen += visible_grids(page)
        assert page.evaluate(CUT_TABLES_JS) == [], f"tab {i + 1}"
    assert seen >= 4  # the error table, the book's points, the check's two tables
    assert harness.error_texts(page) == []


@pytest.mark.parametrize("lang", harness.LANGS)
def test_no_table_is_cut_in_any_scene(page, app_server, lang: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    seen = 0
    for number, scene in enumerate(SCENES, 1):
        harness.open_app(page, app_server, GRADIENT, {"lang": lang, "present": 1,
                                                      "scene": number})
        open_expanders(page)
        seen += visible_grids(page)
        assert page.evaluate(CUT_TABLES_JS) == [], scene.key
        assert harness.error_texts(page) == [], scene.key
    assert seen >= 3  # the book's points, the check's two tables


@pytest.mark.parametrize("viewport", PROJECTORS, ids=lambda v: f"{v['width']}x{v['height']}")
@pytest.mark.parametrize("lang", harness.LANGS)
def test_every_scene_fits_the_projector(page, app_server, lang: str, viewport: dict) -> None:
    page.set_viewport_size(viewport)
    for number, scene in enumerate(SCENES, 1):
        harness.open_app(page, app_server, GRADIENT, {"lang": lang, "present": 1,
                                                      "scene": number})
        charts = page.locator("[data-testid='stMain'] [data-testid='stVegaLiteChart']")
        if scene.key not in TABLES_ONLY:
            assert charts.count() >= 1, scene.key
            charts.first.locator("canvas, svg").first.wait_for()
        assert page.evaluate(OUTSIDE_JS) == [], scene.key
