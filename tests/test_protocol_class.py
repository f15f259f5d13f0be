"""Three students train the lab at once over Streamlit's own protocol (the load benchmark's
clients, scripts/protocol_client.py): every run finishes, each session shows only its own
settings and the result its own configuration gives, and another student's page answers
meanwhile. The figures for 10 and 30 students are in benchmarks/RESULTS_CLASSROOM.md."""

from __future__ import annotations

import asyncio
import math
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from scripts import classroom_load as load
from scripts.protocol_client import ProtocolSession
from tests.e2e import harness


async def _class(port: int, students: list[load.Student]) -> list[float]:
    for student in students:
        student.client = ProtocolSession(port, timeout=240)
    await asyncio.gather(*(s.client.open(load.LAB, urlencode(s.query)) for s in students))
    observer = ProtocolSession(port, timeout=240)
    await observer.open(load.OBSERVED_PAGE, "lang=en")
    start = time.monotonic()
    for student in students:
        student.started = start
    training = asyncio.gather(*(load.train_rounds(s, 1, 240) for s in students))
    reruns = []
    while not training.done():
        reruns.append(await observer.rerun_and_wait())
        await asyncio.sleep(0.2)
    await training
    for student in students:
        load.read_shown(student)
    await asyncio.gather(observer.close(), *(s.client.close() for s in students))
    return reruns


def test_three_students_train_at_once_and_each_sees_their_own_run() -> None:
    students = load.protocol_plan(3, epochs=None)  # the lab's own run length
    with harness.running_server() as server, ThreadPoolExecutor(1) as thread:
        # A thread of its own: the browser tests' Playwright may hold this thread's event loop.
        reruns = thread.submit(asyncio.run, _class(server.port, students)).result()
    assert all(not math.isnan(s.finished) for s in students)
    for student in students:
        assert load.check_protocol(student, load.expected_accuracy(student)) == []
    assert len({s.shown["accuracy"] for s in students}) >= 2  # three seeds, not one run shown
    assert reruns and all(math.isfinite(r) for r in reruns)  # the observer's page answered
