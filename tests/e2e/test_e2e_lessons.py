"""What the lesson pages must show in a real browser (the book's numbers, charts drawn)."""

from __future__ import annotations

import pytest

from tests.e2e import harness


@pytest.mark.parametrize("lang", harness.LANGS)
def test_the_loss_page_shows_the_books_values(page, app_server, lang: str) -> None:
    """Book, section 4.2: y = [0.1, 0.05, 0.6, ...], t = class 2 -> MSE 0.0975, CEE 0.5108."""
    harness.open_app(page, app_server, harness.PAGES["loss_functions"], {"lang": lang})
    metrics = page.locator("[data-testid='stMain'] [data-testid='stMetricValue']")
    values = [metrics.nth(i).inner_text().strip() for i in range(metrics.count())]
    assert "0.0975" in values, values
    assert "0.5108" in values, values
    assert harness.error_texts(page) == []


def assert_visible_charts_drawn(page) -> int:
    charts = page.locator("[data-testid='stMain'] [data-testid='stVegaLiteChart']").filter(
        visible=True)
    for i in range(charts.count()):
        charts.nth(i).locator("canvas, svg.marks").first.wait_for(state="attached",
                                                                   timeout=15_000)
    return charts.count()


@pytest.mark.parametrize("name", list(harness.PAGES))
def test_every_chart_on_a_page_is_drawn(page, app_server, name: str) -> None:
    """Vega-Lite charts render asynchronously: each shown must end up with a canvas or SVG,
    including those on tabs the page opens with hidden."""
    harness.open_app(page, app_server, harness.PAGES[name], {"lang": "en"})
    drawn = assert_visible_charts_drawn(page)
    tabs = page.locator("[data-testid='stMain'] [role='tab']")
    for i in range(tabs.count()):
        tabs.nth(i).click()
        drawn += assert_visible_charts_drawn(page)
    assert harness.error_texts(page) == []
