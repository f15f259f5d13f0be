"""One teacher and three students in separate browser profiles (separate Streamlit sessions):
the students join by the link, predict, train; the teacher's board shows three points, every
loss curve, and, once revealed, the tally of the predictions beside the outcome."""

from __future__ import annotations

from core.i18n import t
from tests.e2e import classroom, harness

STUDENTS = (("en", "Ann", "1"), ("zh", "<b>Bo</b>", "1"), ("en", "Cy", "0.1"))


def test_a_class_of_three_runs_one_experiment(browser, app_server) -> None:
    contexts = [harness.new_context(browser) for _ in range(1 + len(STUDENTS))]
    try:
        teacher, *students = [context.new_page() for context in contexts]
        code = classroom.create_room(teacher, app_server.base_url, "en")
        for page, (lang, nickname, guess) in zip(students, STUDENTS):
            classroom.join(page, app_server.base_url, code, lang, nickname, guess)
        for page in students:
            harness.rerun_after(page, lambda page=page: harness.widget(
                page, "_lab_train").locator("button").click())
        for page, (lang, *_) in zip(students, STUDENTS):  # all three train at the same time
            page.get_by_text(t("room.posted", lang)).wait_for(timeout=120_000)
            assert harness.error_texts(page) == []

        classroom.wait_for_board(teacher, "en", finished=3)
        assert classroom.metric(teacher, "room.count.joined", "en") == "3"
        assert classroom.metric(teacher, "room.count.predicted", "en") == "3"
        assert classroom.accuracy_points(teacher) == 3
        assert teacher.get_by_text(t("room.tally.hidden", "en", n=3)).count() == 1
        classroom.click(teacher, "_room_reveal")

        def revealed() -> bool:
            return t("room.chart.tally.title", "en") in harness.main_text(teacher) or teacher.locator(
                "[data-testid='stVegaLiteChart']").count() == 3

        # The board is a live fragment (every 2 s): right after the click it may be mid-redraw.
        for _ in range(60):
            if revealed() and "of the 3 students who predicted" in harness.main_text(teacher):
                break
            teacher.wait_for_timeout(500)
        main = harness.main_text(teacher)
        assert revealed()
        assert "of the 3 students who predicted" in main, main[-600:]
        assert harness.error_texts(teacher) == []
        harness.screenshot(teacher, harness.SCREENSHOTS / "class_experiment-board-en.png")
    finally:
        for context in contexts:
            context.close()
