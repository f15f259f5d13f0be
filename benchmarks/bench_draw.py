"""How soon the draw-a-digit page answers a stroke (issue 15, item 3: within 0.3 s): figures to
read, not a timed test.

    python -m benchmarks.bench_draw               # from the repo root
    python -m benchmarks.bench_draw --strokes 12  # more strokes per session

A real `streamlit run` and headless Chromium (tests/e2e/harness.py). One session draws first,
so the server has trained its reference network and imported everything (a classroom's first
student pays that once per server); then fresh sessions draw digits with the mouse. For each
stroke, measured inside the page with performance.now():

* answer: from the pointer's release on the pad to the frame painted after the digit read
  and the ten probabilities (their caption) changed: what the student sees;
* run: from the release to the server's script_finished message (the whole page part below
  the pad, hidden units and nearest examples included);
* main thread: the browser's long tasks (> 50 ms) in that second.

The first stroke of a session counts apart: the page grows its answer, losses and teaching
parts then. The machine's load average is printed: the build machine is shared.
"""

from __future__ import annotations

import argparse
import os
import statistics

from tests.e2e import harness

PAD = "[data-testid='stMain'] canvas.lfd-pad-canvas"
PROBE = """() => {
  const p = window.__lfdBench = {up: [], painted: [], finished: [], tasks: []};
  const host = document.querySelector("[data-testid='stBidiComponentIsolated']");
  host.shadowRoot.querySelector("canvas").addEventListener(
      "pointerup", () => p.up.push(performance.now()), true);
  new PerformanceObserver(list => list.getEntries().forEach(
      e => p.tasks.push([e.startTime, e.duration]))).observe({type: "longtask"});
  const main = document.querySelector("[data-testid='stMain']");
  let last = null;
  new MutationObserver(() => {
    // the digit read and the ten probabilities (a stroke may leave the digit as it was)
    const m = main.querySelector("[data-testid='stMetricValue']");
    const y = [...main.querySelectorAll("[data-testid='stCaptionContainer']")]
      .map(e => e.innerText).find(t => t.startsWith("y₀")) || "";
    const text = m && y ? m.innerText + " " + y : "";
    if (text === last) return;
    last = text;
    // after the next frame is painted: requestAnimationFrame, then a task
    requestAnimationFrame(() => setTimeout(() => p.painted.push([performance.now(), text])));
  }).observe(main, {subtree: true, childList: true, characterData: true});
}"""
# Strokes as fractions of the pad: a 1, a 7 in two strokes, a 4 in two, a 0.
DIGITS = [
    [[(0.5, 0.15), (0.5, 0.85)]],
    [[(0.25, 0.2), (0.75, 0.2), (0.45, 0.85)], [(0.35, 0.52), (0.65, 0.52)]],
    [[(0.3, 0.15), (0.25, 0.55), (0.75, 0.55)], [(0.6, 0.3), (0.6, 0.88)]],
    [[(0.5, 0.15), (0.25, 0.5), (0.5, 0.85), (0.75, 0.5), (0.5, 0.15)]],
]


def draw(page, points: list[tuple[float, float]], steps: int = 10) -> None:
    box = page.locator(PAD).bounding_box()
    xy = [(box["x"] + fx * box["width"], box["y"] + fy * box["height"]) for fx, fy in points]
    page.mouse.move(*xy[0])
    page.mouse.down()
    for (x0, y0), (x1, y1) in zip(xy, xy[1:]):
        for i in range(1, steps + 1):
            page.mouse.move(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps)
    before = harness.runs_finished(page)
    page.mouse.up()
    while harness.runs_finished(page) <= before:
        page.wait_for_timeout(5)
    page.evaluate("() => window.__lfdBench.finished.push(performance.now())")
    harness.wait_for_app(page)
    page.wait_for_timeout(400)  # let the pictures and charts settle before the next stroke


def clear(page) -> None:
    button = page.locator("[data-testid='stMain'] .lfd-pad-buttons button").nth(1)
    harness.rerun_after(page, button.click)
    page.wait_for_timeout(300)


def session(browser, server, strokes: int) -> list[dict[str, float]]:
    context = harness.new_context(browser)
    try:
        page = context.new_page()
        harness.open_app(page, server, harness.PAGES["draw"], {"lang": "en"},
                         timeout_ms=180_000)
        page.evaluate(PROBE)
        done = 0
        while done < strokes:
            for digit in DIGITS:
                for points in digit[: strokes - done]:
                    draw(page, points)
                    done += 1
                if done == strokes:
                    break
                clear(page)
        data = page.evaluate("() => window.__lfdBench")
    finally:
        context.close()
    rows = []
    for i, up in enumerate(data["up"]):
        painted = [t for t, text in data["painted"] if t > up and text]
        finished = [t for t in data["finished"] if t > up]
        tasks = [d for start, d in data["tasks"] if up <= start < up + 1000]
        rows.append({"answer": (painted[0] - up) / 1000 if painted else float("nan"),
                     "run": (finished[0] - up) / 1000 if finished else float("nan"),
                     "busy": sum(tasks) / 1000, "first": i == 0})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strokes", type=int, default=8, help="strokes per session")
    parser.add_argument("--sessions", type=int, default=3, help="measured sessions")
    parser.add_argument("--each", action="store_true", help="print every stroke's figures")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with harness.running_server() as server, sync_playwright() as playwright:
        browser = harness.launch_browser(playwright)
        harness.warm_up(browser, server)
        session(browser, server, 2)  # trains the reference network, imports everything
        rows = []
        for _ in range(args.sessions):
            print(f"load average {os.getloadavg()[0]:.2f}")
            rows += session(browser, server, args.strokes)
        browser.close()
    if args.each:
        for r in rows:
            print(f"  answer {r['answer'] * 1000:5.0f} ms  run {r['run'] * 1000:5.0f} ms  "
                  f"long tasks {r['busy'] * 1000:4.0f} ms{'  (first)' if r['first'] else ''}")
    for first in (True, False):
        part = [r for r in rows if r["first"] == first]
        answer = sorted(r["answer"] for r in part)
        print(f"{'first stroke of a session' if first else 'later strokes':>26}: n={len(part)}, "
              f"answer median {statistics.median(answer) * 1000:.0f} ms, "
              f"max {answer[-1] * 1000:.0f} ms; whole run median "
              f"{statistics.median(r['run'] for r in part) * 1000:.0f} ms; long tasks median "
              f"{statistics.median(r['busy'] for r in part) * 1000:.0f} ms")
    print(f"load average {os.getloadavg()[0]:.2f} (2 cores, shared)")


if __name__ == "__main__":
    main()
