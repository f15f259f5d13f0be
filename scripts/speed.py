"""Speed a user feels, measured in headless Chromium (run on demand, not a test).

    python -m scripts.speed [--starts 3] [--changes 5]

1. Cold start: from `streamlit run` to the first page fully drawn (connected, script finished,
   no skeleton, every chart drawn). The browser is already open, as a teacher's would be.
   Target: <= 5 s.
2. Widget change: on every lesson page, from a change of one of the page's own widgets (a
   slider step, else a number step, else a radio choice) to the page settled again.
   Target: <= 1 s.

Prints a table and a Markdown block for the README. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable

from playwright.sync_api import Page, sync_playwright

from tests.e2e import harness

START_TARGET_S = 5.0
CHANGE_TARGET_S = 1.0
CHARTS_DRAWN_JS = """() => Array.from(document.querySelectorAll(
    "[data-testid='stMain'] [data-testid='stVegaLiteChart']"))
  .filter(c => c.getBoundingClientRect().height > 0)
  .every(c => c.querySelector('svg.marks, canvas'))"""


def settled(page: Page, timeout_ms: float = 60_000) -> None:
    """Script finished, nothing loading, every visible chart drawn, and two frames painted."""
    harness.wait_for_app(page, timeout_ms)
    page.wait_for_function(CHARTS_DRAWN_JS, timeout=timeout_ms, polling="raf")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def cold_start(browser, repeats: int) -> list[tuple[float, float, float, float]]:
    """(seconds to healthy, to connected, to first page drawn, server CPU seconds by then)
    for `repeats` fresh servers."""
    times = []
    for _ in range(repeats):
        context = harness.new_context(browser)
        page = context.new_page()
        t0 = time.perf_counter()
        server = harness.start_server()
        try:
            healthy = time.perf_counter() - t0
            page.goto(server.url(), wait_until="domcontentloaded")
            page.locator(harness.APP_READY).wait_for(state="attached", timeout=60_000)
            connected = time.perf_counter() - t0
            settled(page)
            times.append((healthy, connected, time.perf_counter() - t0, server.cpu_seconds()))
            assert harness.error_texts(page) == [], harness.error_texts(page)
        finally:
            context.close()
            server.stop()
    return times


def find_nudge(page: Page) -> tuple[str, Callable[[int], None]]:
    """(description, nudge(i)) for the first slider, radio or number input in the main area."""
    main = page.locator("[data-testid='stMain']")
    slider = main.locator("[data-testid='stSlider'] input[type='range']").filter(visible=True)
    if slider.count():
        thumb = slider.first
        label = thumb.get_attribute("aria-label") or "slider"

        def nudge_slider(i: int) -> None:
            thumb.focus()
            thumb.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")

        return f"slider '{label}'", nudge_slider
    radio = main.locator("[data-testid='stRadio']").filter(visible=True)
    if radio.count():
        group = radio.first
        label = group.locator("[data-testid='stWidgetLabel']").inner_text().strip()

        def nudge_radio(i: int) -> None:
            group.locator("[data-testid='stRadioOption']:not([data-selected='true'])").first.click()

        return f"radio '{label}'", nudge_radio
    number = main.locator("[data-testid='stNumberInput'] input").filter(visible=True)
    if number.count():
        box = number.first
        label = box.get_attribute("aria-label") or "number"

        def nudge_number(i: int) -> None:
            box.focus()
            box.press("ArrowUp" if i % 2 == 0 else "ArrowDown")
            box.press("Enter")

        return f"number '{label}'", nudge_number
    raise LookupError("no slider, radio or number input on this page")


def widget_changes(browser, server: harness.AppServer, changes: int) -> dict[str, tuple]:
    """Per lesson: (widget, median s, max s) from a widget change to the page settled."""
    results = {}
    for name, path in harness.PAGES.items():
        context = harness.new_context(browser)
        page = context.new_page()
        try:
            harness.open_app(page, server, path, {"lang": "en"})
            settled(page)
            what, nudge = find_nudge(page)
            durations = []
            for i in range(changes):
                t0 = time.perf_counter()
                harness.rerun_after(page, lambda i=i: nudge(i))
                settled(page)
                durations.append(time.perf_counter() - t0)
            assert harness.error_texts(page) == [], (name, harness.error_texts(page))
            results[name] = (what, statistics.median(durations), max(durations))
        finally:
            context.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=3, help="fresh servers to time")
    parser.add_argument("--changes", type=int, default=5, help="widget changes per page")
    args = parser.parse_args(argv)
    problem = harness.browser_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    print(f"load average before: {os.getloadavg()[0]:.2f} (2 cores; other work slows these figures)")
    with sync_playwright() as playwright:
        browser = harness.launch_browser(playwright)
        starts = cold_start(browser, args.starts)
        with harness.running_server() as server:
            harness.warm_up(browser, server)
            changes = widget_changes(browser, server, args.changes)
        browser.close()

    start_median = statistics.median(s[2] for s in starts)
    health_median = statistics.median(s[0] for s in starts)
    connect_median = statistics.median(s[1] for s in starts)
    cpu_median = statistics.median(s[3] for s in starts)
    ok = start_median <= START_TARGET_S
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, load average {os.getloadavg()[0]:.2f} at the end")
    print(f"cold start: healthy after {health_median:.2f} s, browser connected after "
          f"{connect_median:.2f} s, first page drawn after {start_median:.2f} s (median of "
          f"{len(starts)}; all: {', '.join(f'{s[2]:.2f}' for s in starts)}) "
          f"target <= {START_TARGET_S:.0f} s {'OK' if ok else 'MISSED'}")
    print(f"  the server had used {cpu_median:.2f} s of CPU by then (load-independent: the "
          f"wall time on an idle machine is about this plus the browser's drawing)")
    print(f"{'page':<20} {'widget changed':<44} {'median':>7} {'max':>7}")
    for name, (what, median, worst) in changes.items():
        mark = "OK" if median <= CHANGE_TARGET_S else "MISSED"
        ok &= median <= CHANGE_TARGET_S
        print(f"{name:<20} {what[:44]:<44} {median:6.2f}s {worst:6.2f}s {mark}")

    print("\nMarkdown for the README:\n")
    print("| measured | median | target |\n| --- | --- | --- |")
    print(f"| `streamlit run` to first page drawn | {start_median:.2f} s (server CPU "
          f"{cpu_median:.2f} s) | ≤ 5 s |")
    for name, (what, median, worst) in changes.items():
        print(f"| {name}: {what} changed to page settled | {median:.2f} s (max {worst:.2f}) "
              f"| ≤ 1 s |")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
