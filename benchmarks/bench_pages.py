"""Responsiveness of every lesson page (issue 4, item 9): figures to reach, not a timed test.

    python -m benchmarks.bench_pages              # from the repo root
    python -m benchmarks.bench_pages --reruns 3   # fewer reruns per widget
    python -m benchmarks.bench_pages --page pages/gradient.py

For every page in the frame's navigation (pages/lessons.py, so new pages are
included without editing this file) it opens the real frame with AppTest on the bundled data
(data set "digits", English), warms the caches, then for a few widgets of the page's main area
(sliders, number inputs, checkboxes, toggles; the sidebar is the frame's) flips the value
between two settings and times `at.run()`: the first flip (cold for the new value) and the
median of the following flips (caches warm), against the 1 s target.

Same-process references, printed beside the figures: a plain rerun of the same page with no
widget change, and a rerun of a one-line Streamlit script (AppTest's own fixed cost). Wall
clock on a shared 2-core machine: the load average is printed with every page, and so is the
process CPU time of the reruns (what they cost on an idle core, whatever the load).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "streamlit_app.py"
TARGET_S = 1.0
WIDGET_TYPES = ("slider", "number_input", "checkbox", "toggle", "select_slider", "radio",
                "selectbox")
CHOICE_TYPES = ("select_slider", "radio", "selectbox")
SIDEBAR_SEED = "seed"  # the frame's random seed: a sidebar change reruns the whole page
# Widgets a teacher moves first that the generic pick cannot flip on its own (a select_slider
# needs real option values): page -> (widget type, key, value a, value b), measured first.
EXPLICIT: dict[str, tuple[tuple[str, str, object, object], ...]] = {
    "pages/gradient.py": (("select_slider", "grad_lr", 0.1, 10.0),),
}


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f}/{five:.2f}"


def wait_for_quiet(threshold: float, max_wait: float) -> None:
    """Wait (up to max_wait s) for the 1-minute load to drop below threshold (shared cores)."""
    start = time.perf_counter()
    while os.getloadavg()[0] >= threshold and time.perf_counter() - start < max_wait:
        time.sleep(5)


def lesson_pages(app: Path) -> list[str]:
    """Page paths of the frame's navigation, in its order (pages/lessons.py)."""
    from pages.lessons import LESSONS

    return [lesson.script for lesson in LESSONS]


def clear_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


CPU_TIMES: list[float] = []  # process CPU seconds of each timed action, in order


def timed(action: Callable[[], object]) -> float:
    """Wall seconds of action(); its process CPU seconds go to CPU_TIMES.

    The script runs on AppTest's thread inside this process, so CPU time is what the rerun
    itself cost, whatever the other users of the shared cores were doing meanwhile.
    """
    cpu, start = time.process_time(), time.perf_counter()
    action()
    CPU_TIMES.append(time.process_time() - cpu)
    return time.perf_counter() - start


def open_page(app: Path, page: str, timeout: float) -> AppTest:
    at = AppTest.from_file(str(app), default_timeout=timeout)
    at.query_params["lang"] = "en"
    at.query_params["dataset"] = "digits"
    at.run()
    at.switch_page(page).run()
    return at


def main_widgets(at: AppTest) -> list:
    """Keyed widgets of the main area whose value the benchmark knows how to flip."""
    found, seen = [], set()
    for node in at.main:
        if getattr(node, "type", None) in WIDGET_TYPES and getattr(node, "key", None):
            if node.key not in seen and not getattr(node.proto, "disabled", False):
                seen.add(node.key)
                found.append(node)
    return found


def other_choice(widget) -> object | None:
    """The neighbouring option of a choice widget, when its option labels can be read back as
    values (numbers or plain strings shown as themselves); None otherwise."""
    value = widget.value
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    fmt = widget.format_func
    options = list(widget.options)
    if str(fmt(value)) != str(value):
        return None  # labels are not the values (translated names...): cannot map back
    try:
        here = options.index(str(value))
    except ValueError:
        return None
    for j in (here + 1, here - 1):
        if 0 <= j < len(options):
            try:
                candidate = type(value)(options[j])
            except (TypeError, ValueError):
                continue
            if candidate != value and str(fmt(candidate)) == options[j]:
                return candidate
    return None


def other_value(widget) -> object | None:
    """A second valid value for the widget, or None when it has none."""
    value = widget.value
    if widget.type in ("checkbox", "toggle"):
        return not value
    if widget.type in CHOICE_TYPES:
        return other_choice(widget)
    if isinstance(value, (tuple, list)):
        return None  # range sliders: leave alone
    step = widget.step or 1
    hi = widget.max if widget.max is not None else value + step
    lo = widget.min if widget.min is not None else value - step
    candidate = value + step if value + step <= hi else value - step
    return candidate if lo <= candidate <= hi and candidate != value else None


def find(at: AppTest, kind: str, key: str):
    return getattr(at, kind)(key=key)


def bench_widget(at: AppTest, kind: str, key: str, reruns: int,
                 values: tuple[object, object] | None = None
                 ) -> tuple[float, list[float], list[float]] | None:
    """(first flip, warm flips, their CPU times) for one widget, or None if it cannot flip."""
    widget = find(at, kind, key)
    a, b = values if values is not None else (widget.value, other_value(widget))
    if b is None:
        return None
    if widget.value != a:
        find(at, kind, key).set_value(a).run()
    times = []
    CPU_TIMES.clear()
    for i in range(reruns + 1):
        target = b if i % 2 == 0 else a
        times.append(timed(lambda target=target: find(at, kind, key).set_value(target).run()))
        if at.exception:
            raise RuntimeError(f"{key}: {at.exception[0].message}")
    cpu = CPU_TIMES[1:]
    find(at, kind, key).set_value(a).run()  # leave the page as found
    return times[0], times[1:], cpu


def bench_page(app: Path, page: str, reruns: int, max_widgets: int, timeout: float) -> list[dict]:
    clear_caches()
    rows: list[dict] = []
    try:
        start = time.perf_counter()
        at = open_page(app, page, timeout)
        cold_open = time.perf_counter() - start
        if at.exception:
            return [{"page": page, "widget": "-", "error": at.exception[0].message[:80]}]
        plain = statistics.median(timed(at.run) for _ in range(max(reruns, 2)))
        explicit = EXPLICIT.get(page, ())
        plan = [(kind, key, (a, b)) for kind, key, a, b in explicit]
        plan += [(w.type, w.key, None) for w in main_widgets(at)
                 if w.key not in {key for _, key, _ in plan}]
        # Plus one sidebar change: a new seed reruns the whole page (new data split, new nets).
        sidebar = [("number_input", SIDEBAR_SEED, (0, 1))]
        for kind, key, values in plan + sidebar:
            if key != SIDEBAR_SEED and len(rows) >= max_widgets:
                continue  # enough of this page's own widgets; still measure the sidebar
            try:
                result = bench_widget(at, kind, key, reruns, values)
            except Exception as error:  # noqa: BLE001 - one odd widget must not hide the rest
                rows.append({"page": page, "widget": f"{kind}:{key}",
                             "error": f"{type(error).__name__}: {error}"[:100]})
                continue
            if result is None:
                continue
            first, warm, cpu = result
            name = f"sidebar:{key}" if key == SIDEBAR_SEED else f"{kind}:{key}"
            rows.append({"page": page, "widget": name, "open": cold_open,
                         "plain": plain, "first": first, "median": statistics.median(warm),
                         "max": max(warm), "cpu": statistics.median(cpu), "n": len(warm),
                         "load": load()})
        if not any(not r["widget"].startswith("sidebar:") and "error" not in r for r in rows):
            rows.insert(0, {"page": page, "widget": "(no flippable widget)", "open": cold_open,
                         "plain": plain, "first": float("nan"), "median": plain, "max": plain,
                         "cpu": float("nan"), "n": 0, "load": load()})
    except Exception as error:  # noqa: BLE001 - report and go on with the other pages
        rows.append({"page": page, "widget": "-",
                     "error": f"{type(error).__name__}: {error}"[:100]})
    return rows


def bare_rerun(reruns: int) -> float:
    """AppTest's fixed cost: a rerun of a one-line script, same process."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "one_line.py"
        script.write_text("import streamlit as st\nst.write('hello')\n", encoding="utf-8")
        at = AppTest.from_file(str(script))
        at.run()
        return statistics.median(timed(at.run) for _ in range(max(reruns, 3)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", type=Path, default=APP, help="the frame (streamlit_app.py)")
    parser.add_argument("--page", action="append", help="only these pages (repeatable)")
    parser.add_argument("--reruns", type=int, default=5, help="warm reruns per widget")
    parser.add_argument("--widgets", type=int, default=3, help="widgets per page")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--quiet-load", type=float, default=0.0,
                        help="wait for a 1-min load below this before each page (0: never)")
    args = parser.parse_args(argv)

    pages = args.page or lesson_pages(args.app)
    print(f"Python {sys.version.split()[0]}, streamlit {st.__version__}, {os.cpu_count()} CPUs, "
          f"load {load()}")
    print(f"Reference: rerun of a one-line script (AppTest's fixed cost): "
          f"{bare_rerun(args.reruns) * 1e3:.0f} ms\n")
    header = (f"{'page':<28} {'widget':<30} {'open':>7} {'plain':>7} {'first':>7} "
              f"{'median':>7} {'max':>7} {'cpu':>6} {'n':>2}  {'vs 1 s':<6} load")
    print(header)
    print("-" * len(header))
    worst = 0.0
    failures = 0
    for page in pages:
        if args.quiet_load:
            wait_for_quiet(args.quiet_load, 120)
        for row in bench_page(args.app, page, args.reruns, args.widgets, args.timeout):
            if "error" in row:
                failures += 1
                print(f"{row['page']:<28} {row['widget'][:30]:<30} ERROR {row['error']}")
                continue
            worst = max(worst, row["median"])
            verdict = "ok" if row["median"] < TARGET_S else "SLOW"
            print(f"{row['page']:<28} {row['widget'][:30]:<30} {row['open']:7.2f} "
                  f"{row['plain']:7.3f} {row['first']:7.3f} {row['median']:7.3f} "
                  f"{row['max']:7.3f} {row['cpu']:6.3f} {row['n']:>2}  {verdict:<6} {row['load']}")
    print("\nSeconds. open: first render of the page (cold caches); plain: rerun without a change;"
          "\nfirst: first change of the widget; median/max: later changes, caches warm "
          f"(target < {TARGET_S:g} s);\ncpu: median CPU seconds of those reruns (what they cost "
          "on an idle core).")
    print(f"Worst median: {worst:.3f} s ({worst / TARGET_S:.0%} of the target); "
          f"pages that failed to run: {failures}")
    return 1 if failures or worst >= TARGET_S else 0


if __name__ == "__main__":
    raise SystemExit(main())
