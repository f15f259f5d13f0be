"""Every lesson page opens in Chinese and in English, with no error, in a real browser.

Each run also saves a full-page PNG to tests/e2e/screenshots/<page>-<lang>.png (gitignored).
"""

from __future__ import annotations

import re

import pytest

from core.i18n import t
from tests.e2e import harness

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
NAV_KEYS = tuple(key for _, key, _, _ in harness.LESSONS)


def cjk_share(text: str) -> float:
    """Share of CJK characters among the letters of `text` (formulas count as Latin)."""
    cjk, latin = len(CJK.findall(text)), len(LATIN.findall(text))
    return cjk / max(1, cjk + latin)


@pytest.mark.parametrize("lang", harness.LANGS)
@pytest.mark.parametrize("name", list(harness.PAGES))
def test_page_opens_without_errors(page, app_server, name: str, lang: str) -> None:
    harness.open_app(page, app_server, harness.PAGES[name], {"lang": lang})
    harness.screenshot(page, harness.SCREENSHOTS / f"{name}-{lang}.png")
    harness.screenshot(page, harness.SCREENSHOTS / "top" / f"{name}-{lang}.png", top=True)

    assert harness.error_texts(page) == []
    text = harness.main_text(page)
    assert "⟦" not in text, "a string is missing from the i18n table"
    assert page.locator("[data-testid='stMain'] h1").count() >= 1, "every lesson has a title"
    if lang == "zh":
        assert cjk_share(text) > 0.3, text[:400]
    else:
        assert cjk_share(text) < 0.05, text[:400]

    # The navigation speaks the same language, in the lesson's order.
    nav = page.locator("[data-testid='stSidebarNav'] [data-testid='stSidebarNavLink']")
    titles = [nav.nth(i).inner_text().strip() for i in range(nav.count())]
    assert len(titles) == len(NAV_KEYS)
    for title, key in zip(titles, NAV_KEYS, strict=True):
        assert title.endswith(t(key, lang)), (title, key)  # after the page's icon


def test_navigation_reaches_every_page_in_one_session(page, app_server) -> None:
    """Clicking through the sidebar keeps the session and shows no error on any page."""
    harness.open_app(page, app_server, "", {"lang": "en", "seed": 3})
    nav = page.locator("[data-testid='stSidebarNav'] [data-testid='stSidebarNavLink']")
    for i, (name, path) in enumerate(harness.PAGES.items()):
        harness.rerun_after(page, lambda i=i: nav.nth(i).click())
        assert page.url.split("?")[0] == app_server.url(path), name
        assert harness.error_texts(page) == [], name
        assert "seed=3" in page.url, "the sidebar's settings follow the user across pages"
