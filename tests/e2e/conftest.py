"""Browser fixtures: one `streamlit run` and one Chromium per test session, a fresh profile
(hence a fresh Streamlit session) per test.

Without Chromium or Playwright the browser tests are skipped on a developer's machine and
FAIL in CI (CI=true): CI installs both, so a missing browser there is a broken set-up.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e import harness


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


def _require_browser() -> None:
    problem = harness.browser_problem()
    if problem is None:
        return
    if harness.in_ci():
        pytest.fail(f"browser tests must run in CI: {problem}", pytrace=False)
    pytest.skip(problem)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = harness.launch_browser(playwright)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def app_server(browser) -> Iterator[harness.AppServer]:
    """The app served by `streamlit run` on a free loopback port for the whole session."""
    server = harness.start_server()
    try:
        harness.warm_up(browser, server)
        yield server
    finally:
        server.stop()


@pytest.fixture
def context(browser, app_server) -> Iterator:
    context = harness.new_context(browser)
    context.set_default_timeout(30_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(context, app_server, request: pytest.FixtureRequest) -> Iterator:
    """A page in a fresh browser profile; on failure its screenshot and the server log are kept."""
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        name = request.node.name.replace("/", "_").replace("[", "-").replace("]", "")
        try:
            harness.screenshot(page, harness.SCREENSHOTS / "failures" / f"{name}.png")
        except Exception:  # noqa: BLE001, S110 - a failed screenshot must not hide the failure
            pass
        print(f"\n--- streamlit log (tail) ---\n{app_server.log_tail()}")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
