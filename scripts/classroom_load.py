"""A class at once: N sessions train in the lab simultaneously (run on demand).

    python -m scripts.classroom_load [--sessions 30] [--pin-cpu 0] [--results FILE]
    python -m scripts.classroom_load --worst 3          # three worst-case allowed runs
    python -m scripts.classroom_load --clients browser [--sessions 10] [--epochs 60]

Two kinds of clients, one `streamlit run` on loopback:

* `--clients protocol` (the default): websocket clients that speak Streamlit's BackMsg /
  ForwardMsg protocol as a browser does, drawing nothing (scripts/protocol_client.py), so 30
  sessions fit a 2-core machine and the figures are the server's. Every student opens the lab
  with the lab's defaults (the book's settings on digits) and a lab seed of their own, then all
  press Train at once; each client drives the lab's fragment timer as a browser does. An
  *observer* (its own process, not training) reruns the loss page every 0.5 s and times each
  rerun (request sent -> script_finished): alone first, then during the load. After every
  client left, the server's memory is followed for `--tail` seconds, then one session opens
  and closes (a write to Streamlit's store of disconnected sessions, which frees expired
  sessions only on a write). `--pin-cpu 0` pins the server to one CPU (`taskset`) and the
  clients to the others. `--worst 3` trains three of the most expensive runs the lab allows
  (mnist-5k, batch 1, 3 x 1000 units, as many epochs as the compute budget lets through) for
  `--worst-seconds` instead of the class, and compares the observer's p95 with its own
  baseline.
* `--clients browser`: one headless Chromium, one browser profile (one Streamlit session) per
  student, a seed and settings of their own; Chromium shares the CPU with the server.

Checks, both modes: every session finishes; each sees only its own settings (URL, seed widget)
and its own result: the test accuracy it shows is the one its configuration gives when trained
here in-process (the engine is bit-reproducible for a seed and config), so no run leaked
between sessions; the server's resident memory (VmRSS of the streamlit process tree, from
/proc). Prints the figures and a Markdown block. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import math
import multiprocessing
import os
import resource
import shlex
import statistics
import subprocess
import sys
import threading
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode, urlsplit

from core.i18n import t
from tests.e2e import harness

if TYPE_CHECKING:  # playwright is needed by the browser mode only
    from playwright.sync_api import Page

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
    client: Any = None  # protocol mode: its scripts.protocol_client.ProtocolSession
    durations: list[float] = field(default_factory=list)  # protocol mode: press -> finished
    failure: str = ""  # protocol mode: why its client stopped before the end

    @property
    def seed(self) -> int:
        """The lab's seed (it follows the sidebar's seed unless the link sets its own)."""
        return int(self.query.get("lab_seed", self.query.get("seed", 0)))


def plan(n: int, epochs: int) -> list[Student]:
    """A different seed and configuration for every student (English and Chinese alternate)."""
    return [Student(i, {
        "lang": ("en", "zh")[i % 2], "dataset": "digits", "seed": str(100 + i),
        "lab_act": ACTIVATIONS[i % len(ACTIVATIONS)], "lab_lr": LRS[i % len(LRS)],
        "lab_units": str(UNITS[i % len(UNITS)]), "lab_epochs": str(epochs), "lab_batch": "50",
    }) for i in range(n)]


def lab_run_of(query: dict[str, str]) -> tuple[dict[str, Any], Any]:
    """The config and data set the lab trains for a link's query (its defaults elsewhere)."""
    from core.datasets import load_dataset
    from core.training import DEFAULT_CONFIG as d
    from pages.lab_controls import auto_epochs  # the page's own rule for the automatic epochs

    name = query.get("dataset", "digits")
    dataset = load_dataset(name, seed=int(query.get("seed", 0)), test_fraction=0.2)
    batch = min(int(query.get("lab_batch", d["batch_size"])), dataset.n_train)
    epochs = int(query["lab_epochs"]) if "lab_epochs" in query else auto_epochs(
        dataset.n_train, batch)
    config = {**d, "dataset": name, "activation": query.get("lab_act", d["activation"]),
              "learning_rate": float(query.get("lab_lr", d["learning_rate"])),
              "hidden_size": int(query.get("lab_units", d["hidden_size"])),
              "hidden_layers": int(query.get("lab_layers", d["hidden_layers"])),
              "epochs": epochs, "batch_size": batch,
              "seed": int(query.get("lab_seed", query.get("seed", 0)))}
    return config, dataset


def expected_accuracy(student: Student) -> str:
    """The test accuracy this student's configuration gives, trained here, as the lab shows it."""
    from core.training import build_trainer

    trainer = build_trainer(*lab_run_of(student.query))
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


def run_browser(args: argparse.Namespace) -> int:
    """The class in one headless Chromium (a browser profile per student)."""
    from playwright.sync_api import sync_playwright

    problem = harness.browser_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    students = plan(args.sessions, args.epochs or 60)
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


# ---------------------------------------------------------------- protocol clients
OBSERVED_PAGE = harness.PAGES["loss_functions"]  # a light lesson, rerun by the observer
OBSERVER_EVERY = 0.5  # seconds between the starts of two observer reruns
TRAIN = "_lab_train"  # the key of the lab's Train button
OBSERVER_P95_TARGET = 1.0  # seconds, with 30 sessions training
RSS_PEAK_TARGET_MB = 1024  # 1.0 GB with 30 sessions
RETURN_MARGIN_MB = 60  # back within this of idle-with-caches, disconnectedSessionTTL + 30 s after
WORST_RATIO_TARGET = 2.0  # three worst-case runs raise the observer's p95 by at most this factor


def protocol_plan(n: int, epochs: int | None) -> list[Student]:
    """The lab's defaults (the book's settings on digits) with a lab seed per student, so
    equal runs in cost and a result of their own; English and Chinese alternate."""
    extra = {} if epochs is None else {"lab_epochs": str(epochs)}
    return [Student(i, {"lang": ("en", "zh")[i % 2], "lab_seed": str(100 + i), **extra})
            for i in range(n)]


def worst_plan(n: int) -> list[Student]:
    """The most expensive run the lab lets through (issue 17's example, as many epochs as the
    compute budget allows): mnist-5k, batch 1, three hidden layers of 1,000 units."""
    from core.budget import epochs_within
    from pages.lab_controls import estimate, run_limit

    query = {"dataset": "mnist-5k", "lab_batch": "1", "lab_units": "1000", "lab_layers": "3",
             "lab_epochs": "1000"}
    cost = estimate(*lab_run_of(query))
    query["lab_epochs"] = str(max(1, epochs_within(cost, run_limit())))
    return [Student(i, {"lang": ("en", "zh")[i % 2], **query, "lab_seed": str(200 + i)})
            for i in range(n)]


def disconnected_ttl() -> float:
    """server.disconnectedSessionTTL of the app (.streamlit/config.toml), else Streamlit's."""
    try:
        config = tomllib.loads((harness.ROOT / ".streamlit" / "config.toml").read_text())
        return float(config["server"]["disconnectedSessionTTL"])
    except (OSError, KeyError):
        from streamlit import config as st_config

        return float(st_config.get_option("server.disconnectedSessionTTL"))


def pin_server(server: harness.AppServer, cpu: int, clients_cpu: int | None = None) -> None:
    """Every thread of the server on `cpu` (threads it starts later inherit it); this process
    and the observer it starts on the other CPUs, so the clients never take the server's, or
    on `clients_cpu` (the server's own when the other CPUs are busy with other work: the
    clients then take a little of the server's CPU, but their clocks are not delayed)."""
    subprocess.run(["taskset", "-a", "-p", "-c", str(cpu), str(server.process.pid)],
                   check=True, stdout=subprocess.DEVNULL)
    others = {clients_cpu} if clients_cpu is not None else os.sched_getaffinity(0) - {cpu}
    if others:
        os.sched_setaffinity(0, others)


def server_cpus(server: harness.AppServer) -> str:
    """The CPUs the server's threads may run on (all threads, read at the end)."""
    found = set()
    for task in Path(f"/proc/{server.process.pid}/task").iterdir():
        try:
            for line in (task / "status").read_text().splitlines():
                if line.startswith("Cpus_allowed_list:"):
                    found.add(line.split(":", 1)[1].strip())
        except OSError:
            continue
    return " / ".join(sorted(found))


class RssSampler:
    """The server's RSS (its whole process tree) every `every` seconds, in a thread."""

    def __init__(self, server: harness.AppServer, every: float = 0.5) -> None:
        self.server, self.every = server, every
        self.samples: list[tuple[float, int]] = []  # (time.monotonic(), bytes)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.monotonic(), self.server.rss_bytes()))
            self._stop.wait(self.every)

    def peak(self, start: float, end: float = math.inf) -> int:
        return max((b for t_, b in self.samples if start <= t_ <= end), default=0)

    def at(self, when: float) -> int:
        """The last sample taken at or before `when`."""
        return max(((t_, b) for t_, b in self.samples if t_ <= when), default=(0, 0))[1]

    def back_under(self, start: float, end: float, level: int) -> float | None:
        """Seconds after `start` from which the RSS stayed at most `level` until `end` (None:
        it was above at `end`)."""
        window = [(t_, b) for t_, b in self.samples if start <= t_ <= end]
        if not window or window[-1][1] > level:
            return None
        above = [t_ for t_, b in window if b > level]
        return 0.0 if not above else next(t_ for t_, _ in window if t_ > above[-1]) - start


def observe(port: int, page: str, query: str, every: float, stop, out) -> None:
    """The observer, in a process of its own so that the clients' work never delays its
    clock: reruns `page` every `every` seconds (the next after the last ended) until `stop`
    is set; puts ("ready", t) and then ("samples", [(sent at, seconds)]) into `out`."""
    from scripts.protocol_client import ProtocolSession

    async def run() -> None:
        client = ProtocolSession(port, timeout=120)
        await client.open(page, query)
        out.put(("ready", time.monotonic()))
        samples = []
        while not stop.is_set():
            sent = time.monotonic()
            try:
                seconds = await client.rerun_and_wait()
            except TimeoutError:
                seconds = math.inf
            samples.append((sent, seconds))
            await asyncio.sleep(max(0.0, every - (time.monotonic() - sent)))
        await client.close()
        out.put(("samples", samples))

    asyncio.run(run())


def spread(values: list[float]) -> dict[str, float]:
    """n, p50, p95 and max (nearest rank) of some durations."""
    if not values:
        return {"n": 0, "p50": math.nan, "p95": math.nan, "max": math.nan}
    ordered = sorted(values)

    def rank(q: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]

    return {"n": len(ordered), "p50": rank(0.5), "p95": rank(0.95), "max": ordered[-1]}


async def warm_up_protocol(port: int, query: dict[str, str], train: bool) -> None:
    """What a class fills anyway before the measurement: the fresh server's first run, the
    lab with the students' settings (imports, the data-set cache), trained once if `train`,
    and the observer's page. These sessions close at once."""
    from scripts.protocol_client import ProtocolSession

    first = ProtocolSession(port)
    await first.open("", "lang=en")
    await first.close()
    lab = ProtocolSession(port)
    await lab.open(LAB, urlencode({**query, "lab_seed": "99"}))
    if train:
        await lab.press(TRAIN)
        done_text = t("lab.status.finished", query.get("lang", "en"))
        await lab.wait_for(lambda: done_text in lab.texts() or bool(lab.errors()), 60)
    await lab.close()
    loss = ProtocolSession(port)
    await loss.open(OBSERVED_PAGE, "lang=en")
    await loss.close()


async def train_rounds(student: Student, rounds: int, timeout: float) -> None:
    """Press Train, wait until the run finished (the status caption says so) and the page
    settled (its last full run drew the results and stopped the timer); `rounds` times, as a
    student trying the lab again would. Stops at an error on the page."""
    client = student.client
    done_text = t("lab.status.finished", student.query["lang"])
    for _ in range(rounds):
        before = client.full_runs_finished
        pressed = time.monotonic()
        await client.press(TRAIN)
        # The press's own full run must have ended first: until then the page still shows
        # the previous round's result.
        await client.wait_for(lambda before=before: bool(client.errors()) or (
            client.full_runs_finished > before and done_text in client.texts()), timeout)
        if client.errors():
            return
        student.durations.append(time.monotonic() - pressed)
        await client.wait_for(lambda: client.settled and done_text in client.texts(), timeout)
    student.finished = student.started + student.durations[0]


def read_shown(student: Student) -> None:
    client, lang = student.client, student.query["lang"]
    try:
        seed = f"{client.widget_value('lab_seed'):.0f}"
    except LookupError:
        seed = "?"
    student.shown = {
        "accuracy": client.metric(t("lab.metric.test_acc", lang)) or "?",
        "lab_seed": seed,
        "query": client.query_string,
        "errors": "; ".join(client.errors()),
        "downloads": str(sum(1 for _ in client.of_type("download_button"))),
    }


async def report_progress(students: list[Student], since: float, every: float = 15) -> None:
    """A line every `every` seconds while the class trains (a long wait shows where it is)."""
    while True:
        await asyncio.sleep(every)
        clients = [s.client for s in students]
        print(f"  +{time.monotonic() - since:.0f} s: {sum(len(s.durations) for s in students)} "
              f"runs finished, {sum(c.fragment_runs_finished for c in clients)} fragment runs, "
              f"{sum(c.messages for c in clients)} messages "
              f"({sum(c.bytes for c in clients) / MB:.0f} MB) received", flush=True)


async def lesson(port: int, students: list[Student], args: argparse.Namespace,
                 marks: dict[str, float], server: harness.AppServer) -> None:
    """The class: everyone opens the lab at once, presses Train at once, trains (each client
    driving its fragment timer), reads its result; then every tab closes at once."""
    from scripts.protocol_client import ProtocolSession

    for student in students:
        student.client = ProtocolSession(port, timeout=args.timeout)
    marks["open"] = time.monotonic()
    await asyncio.gather(*(s.client.open(LAB, urlencode(s.query)) for s in students))
    marks["opened"] = time.monotonic()
    marks["cpu_press"] = server.cpu_seconds()
    marks["press"] = time.monotonic()
    for student in students:
        student.started = marks["press"]
    if args.worst:
        # A window of load, then the tabs close (a run that long is not waited for).
        await asyncio.gather(*(s.client.press(TRAIN) for s in students))
        await asyncio.sleep(args.worst_seconds)
    else:  # everyone presses Train at once, then each goes on at their own pace
        progress = asyncio.create_task(report_progress(students, marks["press"]))
        outcomes = await asyncio.gather(
            *(train_rounds(s, args.rounds, args.timeout) for s in students), return_exceptions=True)
        progress.cancel()
        for student, outcome in zip(students, outcomes):
            if isinstance(outcome, BaseException):
                student.failure = (f"{type(outcome).__name__}: {outcome} "
                                   f"({student.client.describe()})")
    marks["trained"] = time.monotonic()
    marks["cpu_trained"] = server.cpu_seconds()
    for student in students:
        read_shown(student)
    marks["left"] = time.monotonic()
    await asyncio.gather(*(s.client.close() for s in students))


async def open_and_close(port: int) -> None:
    """One more tab opens a page and closes (its disconnect is a write to the store of
    disconnected sessions)."""
    from scripts.protocol_client import ProtocolSession

    client = ProtocolSession(port)
    await client.open(OBSERVED_PAGE, "lang=en")
    await client.close()


def check_protocol(student: Student, expected: str | None) -> list[str]:
    """What this session shows that is not its own (expected None: the run was cut short)."""
    shown, problems = student.shown, []
    query = {k: v[-1] for k, v in parse_qs(shown["query"]).items()}
    for key, value in student.query.items():
        # A value equal to its default is dropped from the link, by design.
        if query.get(key, URL_DEFAULTS.get(key)) != value:
            problems.append(f"URL {key}={query.get(key)!r}, expected {value!r}")
    if shown["lab_seed"] != str(student.seed):
        problems.append(f"lab seed {shown['lab_seed']}, expected {student.seed}")
    if expected is not None and shown["accuracy"] != expected:
        problems.append(f"test accuracy {shown['accuracy']}, its own config gives {expected}")
    if shown["errors"]:
        problems.append(f"errors: {shown['errors']}")
    return problems


def run_protocol(args: argparse.Namespace, argv: list[str]) -> int:
    """The class (or the worst-case runs) as protocol-level clients; figures and targets."""
    n = args.worst or args.sessions
    students = worst_plan(args.worst) if args.worst else protocol_plan(args.sessions, args.epochs)
    ttl = disconnected_ttl()
    load_before = os.getloadavg()
    marks: dict[str, float] = {}
    spawn = multiprocessing.get_context("spawn")
    print(f"{n} {'worst-case runs' if args.worst else 'sessions'}, load average "
          f"{load_before[0]:.2f} on {os.cpu_count()} cores; disconnectedSessionTTL {ttl:.0f} s",
          flush=True)
    with harness.running_server() as server:
        if args.pin_cpu is not None:
            pin_server(server, args.pin_cpu, args.clients_cpu)
        sampler = RssSampler(server)
        sampler.start()
        asyncio.run(warm_up_protocol(server.port, students[0].query, train=not args.worst))
        time.sleep(3)
        marks["idle"] = time.monotonic()
        idle = server.rss_bytes()
        stop, out = spawn.Event(), spawn.Queue()
        observer = spawn.Process(target=observe, daemon=True, args=(
            server.port, OBSERVED_PAGE, "lang=en", OBSERVER_EVERY, stop, out))
        observer.start()
        marks["observer"] = out.get(timeout=120)[1]
        time.sleep(args.baseline)
        asyncio.run(lesson(server.port, students, args, marks, server))
        stop.set()
        observed = out.get(timeout=120)[1]
        observer.join(30)
        # This process and the observer; read now, before the server (also a child of this
        # process) is stopped and its CPU time would count among the children's.
        client_cpu = sum(getattr(resource.getrusage(who), f) for who in
                         (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                         for f in ("ru_utime", "ru_stime"))
        print(f"all tabs closed; following the memory for {args.tail:.0f} s", flush=True)
        # The in-process runs that give each student's expected result, while the memory is
        # followed (this process is on the clients' CPUs when the server is pinned).
        expected = ({s.number: expected_accuracy(s) for s in students if not math.isnan(s.finished)}
                    if not args.worst else {})
        time.sleep(max(0.0, marks["left"] + args.tail - time.monotonic()))
        after_tail = server.rss_bytes()
        marks["poke"] = time.monotonic()
        asyncio.run(open_and_close(server.port))
        time.sleep(5)
        after_poke = server.rss_bytes()
        hwm = server.peak_rss_bytes()
        cpus = server_cpus(server)
        sampler.stop()
    load_after = os.getloadavg()

    # --- figures -------------------------------------------------------------------------
    def window(start: float, end: float) -> dict[str, float]:
        return spread([s for sent, s in observed if start <= sent <= end])

    finished = [s for s in students if not math.isnan(s.finished)]  # every round finished
    alone = window(marks["observer"], marks["open"])
    opening = window(marks["open"], marks["press"])
    loaded = window(marks["press"], marks["trained"])
    durations = sorted(s.finished - s.started for s in finished)  # the first round: all at once
    runs = [d for s in students for d in s.durations]
    cores = (marks["cpu_trained"] - marks["cpu_press"]) / max(1e-9, marks["trained"] - marks["press"])
    peak = max(sampler.peak(marks["open"], marks["left"] + 10), idle)
    back_level = idle + RETURN_MARGIN_MB * MB
    back_after = sampler.back_under(marks["left"], marks["poke"], back_level)
    at_ttl = sampler.at(marks["left"] + ttl + 30)
    problems = {s.number: check_protocol(s, None if args.worst else expected.get(s.number))
                for s in (students if args.worst else finished)}
    isolated = sum(not p for p in problems.values())
    refused = [s.number for s in students if s.shown.get("errors")]

    print(f"server on CPUs {cpus}; client processes used {client_cpu:.0f} CPU s")
    print(f"observer (loss page rerun): alone p50 {alone['p50']:.3f} s p95 {alone['p95']:.3f} s "
          f"(n={alone['n']}); while {n} opened p95 {opening['p95']:.3f} s; during the load "
          f"p50 {loaded['p50']:.3f} s p95 {loaded['p95']:.3f} s max {loaded['max']:.3f} s "
          f"(n={loaded['n']})")
    if durations:
        print(f"finished {len(runs)}/{n * args.rounds} runs; first round (all pressed at once) "
              f"press -> finished: fastest {durations[0]:.1f} s, median "
              f"{statistics.median(durations):.1f} s, slowest {durations[-1]:.1f} s; all runs "
              f"median {statistics.median(runs):.1f} s")
    print(f"server CPU during the load: {cores:.2f} cores")
    print(f"server RSS: idle {idle / MB:.0f} MB, {n} open {sampler.at(marks['opened']) / MB:.0f} MB, "
          f"peak {peak / MB:.0f} MB (VmHWM {hwm / MB:.0f}), all left "
          f"{sampler.at(marks['left']) / MB:.0f} MB, +{ttl + 30:.0f} s {at_ttl / MB:.0f} MB, "
          f"+{args.tail:.0f} s {after_tail / MB:.0f} MB, 5 s after one more tab opened and closed "
          f"{after_poke / MB:.0f} MB")
    for number, found in problems.items():
        for text in found:
            print(f"  session #{number}: {text}")
    for student in students:
        if student.failure or student.shown.get("errors"):
            print(f"  session #{student.number} after {len(student.durations)} run(s): "
                  f"{student.failure or student.shown['errors']}")

    ok = (not refused and not any(s.failure for s in students) and isolated == len(problems)
          and (args.worst or len(runs) == n * args.rounds))
    rows: list[tuple[str, str, str]] = []
    if args.worst:
        ratio = loaded["p95"] / alone["p95"] if alone["p95"] > 0 else math.inf
        ok = ok and ratio <= WORST_RATIO_TARGET
        q = students[0].query
        rows += [
            ("runs (each)", f"{q['dataset']}, batch {q['lab_batch']}, {q['lab_layers']} × "
             f"{q['lab_units']} units, {q['lab_epochs']} epochs (the most the budget allows); "
             f"{n} at once for {args.worst_seconds:.0f} s, then closed", ""),
            ("refused by the compute budget", f"{len(refused)} / {n}", "none (allowed runs)"),
            ("observer p95 alone → during the runs", f"{alone['p95']:.3f} s → {loaded['p95']:.3f} s "
             f"(**{ratio:.2f}×**; p50 {alone['p50']:.3f} → {loaded['p50']:.3f} s, max "
             f"{loaded['max']:.2f} s, n = {loaded['n']})", f"≤ {WORST_RATIO_TARGET:g}×"),
        ]
    else:
        ok = ok and loaded["p95"] <= OBSERVER_P95_TARGET and peak / MB <= RSS_PEAK_TARGET_MB
        ok = ok and back_after is not None and back_after <= ttl + 30
        rows += [
            (f"runs finished (lab defaults on digits, own lab seed; {args.rounds} runs each, "
             "one after another)", f"{len(runs)} / {n * args.rounds} in "
             f"{marks['trained'] - marks['press']:.1f} s", "all"),
            ("sessions showing only their own settings and result", f"{isolated} / {n}", "all"),
            ("press → finished, equal configurations, all pressed at once (fastest / median / "
             "slowest)", f"{durations[0]:.1f} / {statistics.median(durations):.1f} / "
             f"{durations[-1]:.1f} s" if durations else "–", ""),
            ("press → finished, every run (median / slowest)",
             f"{statistics.median(runs):.1f} / {max(runs):.1f} s" if runs else "–", ""),
            ("observer p50 / p95 alone", f"{alone['p50']:.3f} / {alone['p95']:.3f} s "
             f"(n = {alone['n']})", ""),
            ("observer p50 / p95 while the class opens the lab (no training yet)",
             f"{opening['p50']:.3f} / {opening['p95']:.3f} s (n = {opening['n']}; the {n} "
             f"first runs of the lab took {marks['opened'] - marks['open']:.1f} s)", ""),
            ("**observer p50 / p95 during the training** (max)",
             f"{loaded['p50']:.3f} / **{loaded['p95']:.3f} s** ({loaded['max']:.2f} s, "
             f"n = {loaded['n']})", f"p95 ≤ {OBSERVER_P95_TARGET:g} s"),
        ]
    rows += [
        ("server CPU while training", f"{cores:.2f} cores", ""),
        ("server RSS idle (caches filled) / all open / **peak**",
         f"{idle / MB:.0f} / {sampler.at(marks['opened']) / MB:.0f} / **{peak / MB:.0f} MB**",
         "" if args.worst else f"peak ≤ {RSS_PEAK_TARGET_MB / 1024:.1f} GB"),
        (f"server RSS after every client left: at once / +{ttl + 30:.0f} s (TTL + 30 s) / "
         f"+{args.tail:.0f} s", f"{sampler.at(marks['left']) / MB:.0f} / "
         + (f"{at_ttl / MB:.0f}" if args.tail >= ttl + 30 else "–")
         + f" / {after_tail / MB:.0f} MB", ""),
        (f"back within {RETURN_MARGIN_MB} MB of idle ({back_level / MB:.0f} MB) and staying there",
         f"not within {args.tail:.0f} s" if back_after is None else f"after {back_after:.0f} s",
         "" if args.worst else f"≤ {ttl + 30:.0f} s"),
        ("5 s after one more tab opened and closed", f"{after_poke / MB:.0f} MB", ""),
        ("client processes' CPU (all clients and the observer)", f"{client_cpu:.0f} s", ""),
    ]
    pinned = f"server pinned to CPU {args.pin_cpu}" if args.pin_cpu is not None else "2 CPUs shared"
    if args.clients_cpu is not None:
        pinned += f", clients and observer on CPU {args.clients_cpu}"
    title = (f"{n} worst-case runs" if args.worst else f"{n} sessions") + f", {pinned}"
    command = "python -m scripts.classroom_load " + shlex.join(argv)
    lines = [
        f"### {datetime.datetime.now():%Y-%m-%d %H:%M} — {title}",
        "",
        f"`{command.strip()}` · load average {load_before[0]:.2f} before, {load_after[0]:.2f} "
        f"after (1 min; {os.cpu_count()} cores, other work running) · server threads on CPUs "
        f"{cpus} · `disconnectedSessionTTL` {ttl:.0f} s" + (f" · {args.label}" if args.label else ""),
        "",
        "| measured | value | target |",
        "| --- | --- | --- |",
        *(f"| {a} | {b} | {c} |" for a, b, c in rows),
        "",
        f"Result: {'all targets met' if ok else 'TARGET MISSED'}.",
        "",
    ]
    print("\n" + "\n".join(lines))
    if args.results is not None:
        with args.results.open("a", encoding="utf-8") as results:
            results.write("\n" + "\n".join(lines))
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", choices=("protocol", "browser"), default="protocol")
    parser.add_argument("--sessions", type=int, default=None,
                        help="students training at once (protocol mode 30, browser mode 10)")
    parser.add_argument("--epochs", type=int, default=None,
                        help="epochs per run; browser mode: 60 (digits, batch 50); protocol "
                             "mode: the lab's automatic epochs unless set")
    parser.add_argument("--timeout", type=float, default=600, help="seconds for all to finish")
    parser.add_argument("--pin-cpu", type=int, default=None, metavar="CPU",
                        help="protocol mode: pin the server to this CPU (taskset), the clients "
                             "to the others")
    parser.add_argument("--clients-cpu", type=int, default=None, metavar="CPU",
                        help="with --pin-cpu: the CPU of the clients and the observer (default: "
                             "the others)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="protocol mode: runs each student trains one after another (all "
                             "press Train at once for the first)")
    parser.add_argument("--worst", type=int, default=0, metavar="N",
                        help="protocol mode: N worst-case allowed runs instead of the class")
    parser.add_argument("--worst-seconds", type=float, default=90,
                        help="how long the worst-case runs train before their tabs close")
    parser.add_argument("--baseline", type=float, default=20,
                        help="seconds the observer measures alone before the load")
    parser.add_argument("--tail", type=float, default=180,
                        help="seconds the memory is followed after every client left")
    parser.add_argument("--results", type=Path, default=None,
                        help="append a dated Markdown section with the figures to this file")
    parser.add_argument("--label", default="",
                        help="a note for that section's header (e.g. the commit measured)")
    args = parser.parse_args(argv)
    if args.sessions is None:
        args.sessions = 30 if args.clients == "protocol" else 10
    if args.clients == "browser":
        return run_browser(args)
    return run_protocol(args, argv if argv is not None else sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
