"""A school server: two `streamlit run` replicas on one PostgreSQL behind nginx with sticky
sessions (a route cookie hashed to a replica, websocket upgrade headers). The teacher's
browser is routed to one replica, the students' to the other; the teacher's board shows the
students' runs. In CI (CI=true) it must run: .ci/run installs postgresql and nginx.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests import services
from tests.e2e import classroom, harness


@dataclass(frozen=True)
class School:
    balancer: str  # the address everyone opens (nginx)
    replicas: tuple[int, int]  # the app processes' ports
    routes: dict[int, str]  # replica port -> a route cookie value nginx sends there


def upstream_of(base_url: str, route: str) -> int:
    """The replica port nginx sends a request carrying route cookie `route` to."""
    request = urllib.request.Request(f"{base_url}/_stcore/health",  # noqa: S310 - http only
                                     headers={"Cookie": f"lfd_route={route}"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        return int(response.headers["X-LFD-Upstream"].rsplit(":", 1)[1])


@pytest.fixture(scope="module")
def school(browser) -> Iterator[School]:
    services.require(services.postgres_problem())
    services.require(services.nginx_problem())
    with services.postgres_cluster() as url, pytest.MonkeyPatch.context() as env:
        env.setenv("LFD_DATABASE_URL", url)  # both replicas inherit it
        env.delenv("LFD_PUBLIC_URL", raising=False)
        a = harness.start_server()
        b = harness.start_server()
        try:
            with services.nginx_balancer([a.port, b.port]) as port:
                base = f"http://127.0.0.1:{port}"
                routes: dict[int, str] = {}
                for i in range(64):  # consistent hashing: find a cookie value for each replica
                    routes.setdefault(upstream_of(base, f"route{i}"), f"route{i}")
                    if len(routes) == 2:
                        break
                assert set(routes) == {a.port, b.port}, routes
                yield School(base, (a.port, b.port), routes)
        finally:
            a.stop()
            b.stop()


def routed_context(browser, school: School, replica: int):
    context = harness.new_context(browser)
    context.add_cookies([{"name": "lfd_route", "value": school.routes[replica],
                          "url": school.balancer}])
    return context


def test_a_teacher_on_one_replica_sees_the_students_on_the_other(browser, school) -> None:
    teacher_replica, student_replica = school.replicas
    contexts = [routed_context(browser, school, teacher_replica),
                routed_context(browser, school, student_replica),
                routed_context(browser, school, student_replica)]
    try:
        teacher, *students = [context.new_page() for context in contexts]
        # Each page comes through nginx from its browser's replica (the websocket carries the
        # same cookie, so it reaches the same replica).
        response = classroom.open_at(teacher, school.balancer, classroom.BOARD, {"lang": "en"})
        assert response.headers["x-lfd-upstream"].endswith(f":{teacher_replica}")
        code = classroom.create_room(teacher, school.balancer, "en")
        for i, page in enumerate(students):
            response = classroom.open_at(page, school.balancer, classroom.LAB, {"lang": "zh"})
            assert response.headers["x-lfd-upstream"].endswith(f":{student_replica}")
            classroom.join(page, school.balancer, code, "zh", f"学生{i + 1}", "1")
        for page in students:
            classroom.train_and_post(page, "zh")
    finally:
        for context in contexts[1:]:
            context.close()
    try:
        classroom.wait_for_board(teacher, "en", finished=2)
        assert classroom.metric(teacher, "room.count.predicted", "en") == "2"
        assert classroom.accuracy_points(teacher) == 2
    finally:
        contexts[0].close()
