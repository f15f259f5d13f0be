"""A class experiment driven in real browsers: the teacher's and the students' steps, shared
by tests/e2e/test_e2e_class.py (one server) and tests/e2e/test_e2e_replicas.py (two replicas
behind nginx)."""

from __future__ import annotations

import re
import time
from typing import Any

from core.i18n import t
from tests.e2e import harness

BOARD, LAB = harness.PAGES["class_experiment"], harness.PAGES["training_lab"]
# The room's run: 5 epochs of batch 100 on the bundled digits (75 iterations, about a second).
SMALL = {"lab_epochs": "5", "lab_batch": "100"}


def click(page, key: str) -> None:
    harness.rerun_after(page, lambda: harness.widget(page, key).locator("button").click())


def open_at(page, base_url: str, path: str, query: dict[str, Any]) -> Any:
    """Open `path` of the app at `base_url` (a replica or the balancer); the response."""
    from urllib.parse import urlencode

    response = page.goto(f"{base_url}/{path}?{urlencode(query)}")
    harness.wait_for_app(page)
    return response


def create_room(page, base_url: str, lang: str) -> str:
    """The teacher opens the class page (with the small lab settings) and starts a room."""
    open_at(page, base_url, BOARD, {"lang": lang, **SMALL})
    # A busy machine (CI's two cores shared with the other tests' servers) can take longer
    # than the default 30 s to draw the class page's form the first time.
    harness.widget(page, "_room_create").locator("button").wait_for(timeout=90_000)
    click(page, "_room_create")
    code = page.locator(".st-key-room_code").inner_text().replace(" ", "").strip()
    assert re.fullmatch(r"[A-Z2-9]{7}", code), code
    assert harness.error_texts(page) == []
    return code


def join(page, base_url: str, code: str, lang: str, nickname: str, predict: str) -> None:
    """A student follows the join link, gives a nickname, joins and predicts."""
    open_at(page, base_url, LAB, {"room": code, "lang": lang})
    harness.widget(page, "_room_nickname").locator("input").fill(nickname)
    click(page, "_room_join")
    assert page.get_by_text(t("room.ask.learning_rate", lang)).count() >= 1
    option = harness.widget(page, f"_room_prediction_{code}").locator(
        "[data-testid='stRadioOption']").filter(has_text=re.compile(rf"^{re.escape(predict)}$"))
    harness.rerun_after(page, lambda: option.click())
    assert harness.error_texts(page) == []


def train_and_post(page, lang: str, timeout_ms: float = 120_000) -> None:
    """Press Train; the run ends and the panel says it is on the board."""
    click(page, "_lab_train")
    page.get_by_text(t("room.posted", lang)).wait_for(timeout=timeout_ms)
    assert harness.error_texts(page) == []


def metric(page, key: str, lang: str) -> str:
    box = page.locator("[data-testid='stMain'] [data-testid='stMetric']").filter(
        has=page.get_by_text(t(key, lang), exact=True))
    return box.first.locator("[data-testid='stMetricValue']").inner_text().strip()


def wait_for_board(page, lang: str, finished: int, timeout_s: float = 60) -> None:
    """The board (refreshing every 2 s by itself) counts `finished` runs."""
    deadline = time.monotonic() + timeout_s
    while metric(page, "room.count.finished", lang) != str(finished):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the board shows {metric(page, 'room.count.finished', lang)}"
                               f" finished runs, not {finished}")
        page.wait_for_timeout(250)
    harness.wait_no_skeleton(page)


def accuracy_points(page) -> int:
    """How many students' points the board's accuracy chart draws (its symbol marks)."""
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    chart.locator("svg.marks").wait_for(timeout=15_000)
    return chart.locator("g.mark-symbol path").count()
