"""The first visitor after the server starts (a class following a link to one lesson).

Streamlit 1.67 runs the first script run of a fresh process in its old pages/-folder mode,
which looks a deep link up among the file names in pages/. Without pages/<address>.py (see
pages/shared.py: run_frame) the lesson opened under a "Page not found" dialog. Each case needs
a server of its own: only its very first run takes that path.
"""

from __future__ import annotations

import pytest

from core.i18n import t
from tests.e2e import harness

NAV_LINKS = "[data-testid='stSidebarNav'] [data-testid='stSidebarNavLink']"
DEEP = [name for name, path in harness.PAGES.items() if path]


@pytest.mark.parametrize("name", DEEP)
def test_a_deep_link_as_the_first_visit_opens_that_lesson(browser, name: str) -> None:
    with harness.running_server() as server:
        context = harness.new_context(browser)
        try:
            page = context.new_page()
            harness.open_app(page, server, harness.PAGES[name], {"lang": "zh", "seed": 7})
            assert harness.error_texts(page) == []  # also: no "Page not found" dialog
            nav = page.locator(NAV_LINKS)
            assert nav.count() == len(harness.LESSONS)
            i = list(harness.PAGES).index(name)
            assert nav.nth(i).get_attribute("aria-current") == "page", "that lesson is open"
            heading = page.locator("[data-testid='stMain'] h1").first.inner_text()
            assert heading.strip(), "the lesson drew its title"

            # The next click (the process is in its usual mode now) keeps the sidebar's
            # settings: the frame's widgets kept their identity across the two modes.
            other = 0 if i else 1
            harness.rerun_after(page, lambda: nav.nth(other).click())
            assert harness.error_texts(page) == []
            assert "seed=7" in page.url and "lang=zh" in page.url, page.url
            title = nav.nth(other).inner_text().strip()  # not the browser's English
            assert title.endswith(t(harness.LESSONS[other][1], "zh")), title
        finally:
            context.close()
