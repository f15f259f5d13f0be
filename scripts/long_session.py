"""A long session: train many runs one after another in one training-lab session and show that
its memory stays bounded (the lab keeps the last 8 finished runs; older ones are released).

Drives the real page through AppTest (the same session state, trainer, RunStore and charts a
browser session gets), measures this process's resident memory (VmRSS from /proc/self/status)
and counts the trainers and run records still alive (weak references), then prints the figures.

    python -m scripts.long_session                # 50 runs of 10 epochs, batch 10, on digits
    python -m scripts.long_session --runs 20 --epochs 3

Exit status 1 if more than the kept runs stay alive or memory keeps growing after warm-up.
What this does not cover: a real server's websocket buffers and the browser (see the browser
load script); AppTest keeps only the messages of the latest script run, as a server does.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import weakref
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
LAB = "pages/training_lab.py"
KEPT = 8  # core.compare.MAX_RUNS, checked below


def rss_mb() -> float:
    """Resident memory of this process in MiB (VmRSS, Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status (Linux only)")


def page_namespaces(path_end: str = "training_lab.py") -> int:
    """How many script runs' namespaces of the lab page are still alive.

    Each script run executes the page in a fresh module namespace; anything that outlives the
    run and refers to one of its functions (a widget callback or format_func kept in
    Streamlit's widget metadata, say) keeps that whole namespace alive.
    """
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, dict)
               and str(o.get("__file__", "")).endswith(path_end) and "main" in o)


def widget_metadata(at) -> int:
    """Entries in Streamlit's widget metadata (1.67 never removes one: a new id per run leaks)."""
    return len(at._session_state._state._new_widget_state.widget_metadata)


def record_mb(record) -> float:
    """Memory held by one RunRecord's tables (pandas' deep count)."""
    return (record.history.memory_usage(deep=True).sum()
            + record.evaluations.memory_usage(deep=True).sum()) / 2**20


def history_mb(trainer) -> float:
    """Memory of a trainer's per-iteration records (core.history.HistoryBuffer columns)."""
    return trainer.history.nbytes / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--dataset", default="digits")
    parser.add_argument("--growth-limit", type=float, default=25.0,
                        help="MiB of VmRSS growth allowed between run 2*KEPT and the last run")
    args = parser.parse_args()

    from streamlit.testing.v1 import AppTest

    from core.compare import MAX_RUNS

    assert MAX_RUNS == KEPT, MAX_RUNS
    start_rss = rss_mb()
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"lang": "en", "dataset": args.dataset,
                            "lab_epochs": str(args.epochs), "lab_batch": str(args.batch)})
    at.run()
    at.switch_page(LAB).run()
    assert not at.exception, at.exception
    gc.collect()
    loaded_rss = rss_mb()

    trainers: list[weakref.ref] = []
    records: list[weakref.ref] = []
    rows: list[tuple] = []
    sizes: list[tuple[float, float]] = []
    t0 = time.perf_counter()
    for i in range(1, args.runs + 1):
        # A different run each time (through the lab's own seed field: the sidebar seed would
        # also change the data split and fill the data-set cache).
        at.number_input(key="lab_seed").set_value(i)
        at.button(key="_lab_train").click().run()
        for _ in range(10_000):
            if at.session_state["_lab"].run.status != "running":
                break
            at.run()
        assert not at.exception, at.exception
        run = at.session_state["_lab"].run
        assert run.status == "finished", run.status
        store = at.session_state["_lab"].store
        newest = store.list()[-1]
        trainers.append(weakref.ref(run.trainer))
        records.append(weakref.ref(newest))
        sizes.append((record_mb(newest), history_mb(run.trainer)))
        del run, newest
        if i in (1, KEPT, 2 * KEPT) or i % 5 == 0 or i == args.runs:
            gc.collect()
            alive_t = sum(r() is not None for r in trainers)
            alive_r = sum(r() is not None for r in records)
            rows.append((i, rss_mb(), len(store), alive_t, alive_r, page_namespaces(),
                         widget_metadata(at), time.perf_counter() - t0))
    elapsed = time.perf_counter() - t0

    iterations = at.session_state["_lab"].run.trainer.iteration
    print(f"Long session: {args.runs} runs of {args.epochs} epochs, batch {args.batch}, "
          f"{args.dataset} ({iterations:,} iterations per run), one AppTest session, "
          f"{elapsed:.0f} s")
    print(f"VmRSS: {start_rss:.1f} MiB before the app, {loaded_rss:.1f} MiB with the lab open")
    print(f"{'run':>4} {'VmRSS MiB':>10} {'stored':>7} {'trainers alive':>15} "
          f"{'records alive':>14} {'page namespaces':>16} {'widget metadata':>16} "
          f"{'seconds':>8}")
    for i, rss, stored, alive_t, alive_r, spaces, meta, seconds in rows:
        print(f"{i:>4} {rss:>10.1f} {stored:>7} {alive_t:>15} {alive_r:>14} {spaces:>16} "
              f"{meta:>16} {seconds:>8.0f}")
    rec, hist = (sum(s[k] for s in sizes) / len(sizes) for k in (0, 1))
    warm = next(r for r in rows if r[0] >= 2 * KEPT) if args.runs >= 2 * KEPT else rows[0]
    last = rows[-1]
    growth = last[1] - warm[1]
    print(f"one stored record ≈ {rec:.2f} MiB of tables; one finished trainer's history "
          f"≈ {hist:.2f} MiB")
    print(f"kept without eviction: {args.runs} records + {args.runs} trainers ≈ "
          f"{args.runs * (rec + hist):.0f} MiB; kept here: {last[4]} records + {last[3]} "
          f"trainers ≈ {last[4] * rec + last[3] * hist:.1f} MiB (the current run and the "
          f"previous one, until Streamlit's next script run drops its old session-state value)")
    print(f"VmRSS from run {warm[0]} to run {last[0]}: {growth:+.1f} MiB "
          f"(limit {args.growth_limit:.0f} MiB); from the lab opening to the end: "
          f"{last[1] - loaded_rss:+.1f} MiB")
    # Two trainers at most: the current run's, and the previous one, which Streamlit's
    # SessionState keeps in its old-state dict until the next script run compacts it.
    # Widget metadata must stop growing once every widget has been drawn (after warm-up), and
    # the page namespaces kept alive must stay a handful, not one per run.
    steady_meta = last[6] == warm[6]
    ok = (last[2] <= KEPT and last[4] <= KEPT and last[3] <= 2 and growth <= args.growth_limit
          and steady_meta and last[5] <= KEPT)
    if not steady_meta or last[5] > KEPT:
        print(f"leak: widget metadata {warm[6]} -> {last[6]}, page namespaces alive "
              f"{warm[5]} -> {last[5]} (a widget with a new id every run keeps each run's page)")
    print("bounded: yes" if ok else "bounded: NO")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
