"""Speed a user feels, measured in headless Chromium (run on demand, not a test).

    python -m scripts.speed [--starts 3] [--changes 5]

1. Cold start: from `streamlit run` to the first page fully drawn (connected, script finished,
   no skeleton, every chart drawn: each Vega-Lite chart has its marks, each Graphviz chart its
   SVG; then two more frames). The browser is already open, as a teacher's would be.
   Target: <= 5 s.
2. Widget change: on every lesson page, from a change of one of the page's own widgets (a
   slider step, else a number step, else a radio choice) to the page settled again.
   Target: <= 1 s.

Times are read where the user is: a widget change starts at the page's first key or pointer
press of the gesture (not when Playwright began finding and checking the element), and a wait
ends at the moment the page itself was settled (a clock read inside the page, the same wall
clock as the script's), not when Playwright's polling noticed it; the cold start also prints
when the script noticed.

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
# Settled: connected, script finished, no skeleton (harness.wait_for_app's three conditions),
# every visible Vega-Lite chart has drawn its marks and every Graphviz chart its SVG. Checked on
# every animation frame inside the page; resolves two frames after it first holds with the
# page's Date.now() (ms), so Playwright's round trips add nothing to the figure.
SETTLED_JS = """([appReady, scriptDone, timeoutMs]) => new Promise((resolve, reject) => {
  const drawn = (selector, ink) => Array.from(document.querySelectorAll(
      "[data-testid='stMain'] " + selector))
    .filter(c => c.getBoundingClientRect().height > 0)
    .every(c => c.querySelector(ink));
  const holds = () => document.querySelector(appReady) && document.querySelector(scriptDone)
    && document.querySelectorAll("[data-testid='stSkeleton']").length === 0
    && drawn("[data-testid='stVegaLiteChart']", "svg.marks, canvas")
    && drawn("[data-testid='stGraphVizChart']", "svg");
  const deadline = performance.now() + timeoutMs;
  const check = () => {
    if (holds()) {
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(Date.now())));
    } else if (performance.now() > deadline) {
      reject(new Error(`page not settled within ${timeoutMs} ms`));
    } else {
      requestAnimationFrame(check);
    }
  };
  check();
})"""


# The moment (page clock, ms) of the first key press or pointer press since the last reset: where
# a widget change starts for the user, after Playwright has found and checked the element.
INPUT_CLOCK_JS = """() => {
  window.__lfdInputAt = null;
  const note = () => { if (window.__lfdInputAt === null) window.__lfdInputAt = Date.now(); };
  window.addEventListener('keydown', note, true);
  window.addEventListener('pointerdown', note, true);
}"""


def settled(page: Page, timeout_ms: float = 60_000) -> float:
    """Wait until the page is settled (see SETTLED_JS); the wall-clock time (s) it was."""
    return page.evaluate(SETTLED_JS, [harness.APP_READY, harness.SCRIPT_DONE, timeout_ms]) / 1000


def cold_start(browser, repeats: int) -> list[tuple[float, float, float, float, float]]:
    """(seconds to healthy, to connected, to first page drawn, to the script noticing it,
    server CPU seconds by then) for `repeats` fresh servers."""
    times = []
    for _ in range(repeats):
        context = harness.new_context(browser)
        page = context.new_page()
        t0, wall0 = time.perf_counter(), time.time()
        server = harness.start_server()
        try:
            healthy = time.perf_counter() - t0
            page.goto(server.url(), wait_until="domcontentloaded")
            page.locator(harness.APP_READY).wait_for(state="attached", timeout=60_000)
            connected = time.perf_counter() - t0
            drawn = settled(page) - wall0
            noticed = time.perf_counter() - t0
            times.append((healthy, connected, drawn, noticed, server.cpu_seconds()))
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


def rerun_finished(page: Page, action: Callable[[], None], timeout_s: float = 30.0) -> None:
    """Do `action` and wait until the server reports the rerun it started finished (counted
    from its websocket messages, as harness.rerun_after does; the page's own state is then
    waited for by settled())."""
    before = harness.runs_finished(page)
    action()
    deadline = time.monotonic() + timeout_s
    while harness.runs_finished(page) <= before:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no script run finished within {timeout_s:.0f} s")
        page.wait_for_timeout(10)  # lets Playwright deliver the websocket events


def widget_changes(browser, server: harness.AppServer, changes: int) -> dict[str, tuple]:
    """Per lesson: (widget, median s, max s) from a widget change to the page settled."""
    results = {}
    for name, path in harness.PAGES.items():
        context = harness.new_context(browser)
        context.add_init_script(f"({INPUT_CLOCK_JS})()")
        page = context.new_page()
        try:
            harness.open_app(page, server, path, {"lang": "en"})
            settled(page)
            what, nudge = find_nudge(page)
            durations = []
            for i in range(changes):
                page.evaluate("() => { window.__lfdInputAt = null; }")
                rerun_finished(page, lambda i=i, nudge=nudge: nudge(i))
                end = settled(page)
                pressed = page.evaluate("() => window.__lfdInputAt")
                if pressed is None:
                    raise RuntimeError(f"{name}: the page saw no key or pointer press")
                durations.append(end - pressed / 1000)
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
    noticed_median = statistics.median(s[3] for s in starts)
    cpu_median = statistics.median(s[4] for s in starts)
    ok = start_median <= START_TARGET_S
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, load average {os.getloadavg()[0]:.2f} at the end")
    print(f"cold start: healthy after {health_median:.2f} s, browser connected after "
          f"{connect_median:.2f} s, first page drawn after {start_median:.2f} s (median of "
          f"{len(starts)}; all: {', '.join(f'{s[2]:.2f}' for s in starts)}) "
          f"target <= {START_TARGET_S:.0f} s {'OK' if ok else 'MISSED'}")
    print(f"  (this script's polling noticed it after {noticed_median:.2f} s)")
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
