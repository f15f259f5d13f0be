"""A class at once: N browser sessions train in the lab simultaneously (run on demand).

    python -m scripts.classroom_load [--sessions 10] [--epochs 60]

One `streamlit run` on loopback, one headless Chromium, one browser profile (hence one
Streamlit session) per student. Every student opens the lab with a seed and settings of their
own, then all press Train at once. Checks:
  * every session finishes;
  * each sees only its own settings (URL, seed widget) and its own result: the test accuracy
    it shows is the one its configuration gives when trained here in-process (the engine is
    bit-reproducible for a seed and config), so no run leaked between sessions;
  * the server's resident memory (VmRSS of the streamlit process tree, from /proc) with 1
    session and with N; targets: <= 25 MB per extra session, server < 700 MB (the smallest
    Streamlit Community Cloud allowance), peak included.
Prints the figures and a Markdown block for the README. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, sync_playwright

from core.i18n import t
from tests.e2e import harness

MB = 1024 * 1024
PER_SESSION_TARGET_MB = 25
SERVER_TARGET_MB = 700
LAB = harness.PAGES["training_lab"]
ACTIVATIONS = ("sigmoid", "relu", "tanh")
LRS = ("0.2", "0.5", "1")  # lab presets (1-2-5 per decade); all learn with every activation
UNITS = (20, 30, 40, 50, 60)


def _url_defaults() -> dict[str, str]:
    from core.training import DEFAULT_CONFIG as d

    return {"lang": "en", "dataset": "digits", "lab_act": d["activation"],
            "lab_lr": f"{d['learning_rate']:g}", "lab_units": str(d["hidden_size"]),
            "lab_batch": str(d["batch_size"])}


URL_DEFAULTS = _url_defaults()


@dataclass
class Student:
    number: int
    query: dict[str, str]
    page: Page | None = None
    context: object | None = None
    started: float = math.nan
    finished: float = math.nan
    shown: dict[str, str] = field(default_factory=dict)

    @property
    def seed(self) -> int:
        return int(self.query["seed"])


def plan(n: int, epochs: int) -> list[Student]:
    """A different seed and configuration for every student (English and Chinese alternate)."""
    return [Student(i, {
        "lang": ("en", "zh")[i % 2], "dataset": "digits", "seed": str(100 + i),
        "lab_act": ACTIVATIONS[i % len(ACTIVATIONS)], "lab_lr": LRS[i % len(LRS)],
        "lab_units": str(UNITS[i % len(UNITS)]), "lab_epochs": str(epochs), "lab_batch": "50",
    }) for i in range(n)]


def expected_accuracy(student: Student) -> str:
    """The test accuracy this student's configuration gives, trained here, as the lab shows it."""
    from core.datasets import load_dataset
    from core.training import DEFAULT_CONFIG, build_trainer

    q = student.query
    dataset = load_dataset("digits", seed=student.seed, test_fraction=0.2)
    config = {**DEFAULT_CONFIG, "dataset": "digits", "activation": q["lab_act"],
              "learning_rate": float(q["lab_lr"]), "hidden_size": int(q["lab_units"]),
              "epochs": int(q["lab_epochs"]), "batch_size": int(q["lab_batch"]),
              "seed": student.seed}
    trainer = build_trainer(config, dataset)
    while not trainer.done:
        trainer.step(1000)
    return f"{trainer.evaluations[-1]['test_acc']:.1%}"


def open_student(browser, server: harness.AppServer, student: Student) -> None:
    student.context = harness.new_context(browser)
    student.page = student.context.new_page()
    harness.open_app(student.page, server, LAB, student.query, timeout_ms=120_000)
    assert harness.error_texts(student.page) == [], harness.error_texts(student.page)


def press_train(student: Student) -> None:
    student.started = time.perf_counter()
    harness.widget(student.page, "_lab_train").locator("button").click()


def is_finished(student: Student) -> bool:
    lang = student.query["lang"]
    return student.page.locator("[data-testid='stMain']").get_by_text(
        t("lab.status.finished", lang), exact=True).count() > 0


def read_result(student: Student) -> None:
    page, lang = student.page, student.query["lang"]
    harness.wait_for_app(page, 120_000)
    metric = page.locator("[data-testid='stMain'] [data-testid='stMetric']").filter(
        has=page.get_by_text(t("lab.metric.test_acc", lang), exact=True)).first
    student.shown = {
        "accuracy": metric.locator("[data-testid='stMetricValue']").inner_text().strip(),
        "seed": harness.widget(page, "seed").locator("input").input_value(),
        "lab_seed": harness.widget(page, "lab_seed").locator("input").input_value(),
        "url": page.url,
        "errors": "; ".join(harness.error_texts(page)),
    }


def train_all(students: list[Student], server: harness.AppServer, timeout_s: float) -> int:
    """Press Train in every session at once, wait for all; returns peak server RSS (bytes)."""
    for student in students:
        press_train(student)
    peak = server.rss_bytes()
    waiting = list(students)
    deadline = time.monotonic() + timeout_s
    while waiting and time.monotonic() < deadline:
        peak = max(peak, server.rss_bytes())
        for student in list(waiting):
            if is_finished(student):
                student.finished = time.perf_counter()
                waiting.remove(student)
        time.sleep(0.25)
    for student in students:
        if student not in waiting:
            read_result(student)
    return max(peak, server.rss_bytes())


def check_isolation(student: Student) -> list[str]:
    """What this session shows that is not its own."""
    problems = []
    shown = student.shown
    query = {k: v[-1] for k, v in parse_qs(urlsplit(shown["url"]).query).items()}
    for key, value in student.query.items():
        # A value equal to its default is dropped from the link, by design.
        if query.get(key, URL_DEFAULTS.get(key)) != value:
            problems.append(f"URL {key}={query.get(key)!r}, expected {value!r}")
    if shown["seed"] != str(student.seed) or shown["lab_seed"] != str(student.seed):
        problems.append(f"seed {shown['seed']}/{shown['lab_seed']}, expected {student.seed}")
    expected = expected_accuracy(student)
    if shown["accuracy"] != expected:
        problems.append(f"test accuracy {shown['accuracy']}, its own config gives {expected}")
    if shown["errors"]:
        problems.append(f"errors: {shown['errors']}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--epochs", type=int, default=60,
                        help="epochs per run (digits, batch 50: 29 iterations per epoch)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds for all to finish")
    args = parser.parse_args(argv)
    problem = harness.browser_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    students = plan(args.sessions, args.epochs)
    print(f"{args.sessions} sessions, load average {os.getloadavg()[0]:.2f} on "
          f"{os.cpu_count()} cores")
    with sync_playwright() as playwright, harness.running_server() as server:
        browser = harness.launch_browser(playwright)
        harness.warm_up(browser, server)
        idle = server.rss_bytes()

        # One student first: the memory of a server with one session that trained.
        open_student(browser, server, students[0])
        peak_one = train_all(students[:1], server, args.timeout)
        one = server.rss_bytes()

        # Then the whole class, all training at once (the first student trains again).
        for student in students[1:]:
            open_student(browser, server, student)
        opened = server.rss_bytes()
        peak_all = train_all(students, server, args.timeout)
        everyone = server.rss_bytes()
        hwm = server.peak_rss_bytes()
        browser.close()

    finished = [s for s in students if not math.isnan(s.finished)]
    # From the first press of Train to the last run seen finished.
    wall = (max(s.finished for s in finished) - min(s.started for s in students)
            if finished else math.nan)
    problems = {s.number: check_isolation(s) for s in finished}
    per_extra = (everyone - one) / max(1, args.sessions - 1) / MB
    peak = max(peak_one, peak_all, hwm) / MB

    print(f"server RSS: idle {idle / MB:.0f} MB, 1 session {one / MB:.0f} MB "
          f"(peak {peak_one / MB:.0f}), {args.sessions} sessions open {opened / MB:.0f} MB, "
          f"after all trained {everyone / MB:.0f} MB (peak {peak:.0f} MB)")
    print(f"per extra session: {per_extra:.1f} MB (target <= {PER_SESSION_TARGET_MB} MB)")
    print(f"all {len(finished)}/{args.sessions} finished in {wall:.1f} s; per session "
          + ", ".join(f"#{s.number} {s.finished - s.started:.1f}s {s.shown.get('accuracy', '?')}"
                      for s in finished))
    for number, found in problems.items():
        for text in found:
            print(f"  session #{number}: {text}")

    ok = (len(finished) == args.sessions and not any(problems.values())
          and per_extra <= PER_SESSION_TARGET_MB and peak < SERVER_TARGET_MB)
    print("\nMarkdown for the README:\n")
    print("| measured | value | target |\n| --- | --- | --- |")
    print(f"| sessions that finished training at once | {len(finished)} / {args.sessions} "
          f"in {wall:.0f} s | all |")
    print(f"| sessions showing only their own settings and result | "
          f"{sum(not p for p in problems.values())} / {args.sessions} | all |")
    print(f"| server RSS, 1 session | {one / MB:.0f} MB | |")
    print(f"| server RSS, {args.sessions} sessions (peak) | {everyone / MB:.0f} MB "
          f"({peak:.0f} MB) | < {SERVER_TARGET_MB} MB |")
    print(f"| memory per extra session | {per_extra:.1f} MB | ≤ {PER_SESSION_TARGET_MB} MB |")
    print(f"\nresult: {'all targets met' if ok else 'TARGET MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
