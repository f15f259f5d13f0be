"""The gradient page in a real browser: every table fits its column at 1,280 px, on every tab,
in both languages and both modes (its tables were cut on the right: a long header in a 2/5
column)."""

from __future__ import annotations

import pytest

from tests.e2e import harness

GRADIENT = harness.PAGES["gradient"]

# Streamlit's data grid scrolls inside its own box: wider content than the box means cut columns.
CUT_TABLES_JS = """() => [...document.querySelectorAll("[data-testid='stDataFrame']")]
  .filter(el => el.offsetParent !== null)
  .map(el => { const s = el.querySelector('.dvn-scroller');
               return s ? [s.scrollWidth, s.clientWidth] : null; })
  .filter(w => w !== null && w[0] > w[1] + 1)"""


@pytest.mark.parametrize("present", ["0", "1"])
@pytest.mark.parametrize("lang", harness.LANGS)
def test_no_table_is_cut_on_any_tab(page, app_server, lang: str, present: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    harness.open_app(page, app_server, GRADIENT, {"lang": lang, "present": present})
    tabs = page.locator("[data-testid='stMain'] [role='tab']")
    assert tabs.count() == 5
    seen = 0
    for i in range(tabs.count()):
        tabs.nth(i).click()
        harness.wait_no_skeleton(page)
        closed = page.locator("[data-testid='stExpander'] details:not([open]) summary").filter(
            visible=True)
        while closed.count():  # the tables behind "show every value / parameter" too
            closed.first.click()
        grids = page.locator("[data-testid='stDataFrame'] .dvn-scroller").filter(visible=True)
        for j in range(grids.count()):
            grids.nth(j).wait_for()
        seen += grids.count()
        assert page.evaluate(CUT_TABLES_JS) == [], f"tab {i + 1}"
    assert seen >= 4  # the error table, the book's points, the check's two tables
    assert harness.error_texts(page) == []
