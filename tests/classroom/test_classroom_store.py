"""The rooms' store: one suite, run on SQLite and on PostgreSQL (a throwaway cluster of
Debian's postgresql; in CI it must run, elsewhere it skips without the binaries).

Schema and its version, the round trip of a class experiment, every bound (nickname, curve,
numbers, settings, 200 students), expiry and purge, the teacher's token, and 30 students
posting at the same moment with no run lost or doubled.
"""

from __future__ import annotations

import math
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from core.classroom import MAX_STUDENTS, Question, RunPost
from core.classroom.codes import ALPHABET, CODE_BITS, CODE_LENGTH, normalise_code
from core.classroom.sql import SCHEMA_VERSION
from core.classroom.sqlite import SqliteRoomStore
from core.classroom.store import PURGE_AFTER_HOURS, RoomStore, store_from_env
from core.errors import RoomError
from tests.classroom.rooms import CONFIG, DATA, LR, NOW, post_for


def make_room(store: RoomStore, question: Question = LR, hours: float = 3.0):
    return store.create_room(question, CONFIG, DATA, hours=hours, now=NOW)


# ------------------------------------------------------------------ codes
def test_room_codes_are_readable_and_unguessable() -> None:
    assert len(ALPHABET) == 32 == len(set(ALPHABET)) and not set("IO01") & set(ALPHABET)
    assert CODE_BITS == 35 >= 30 and CODE_LENGTH == 7
    assert normalise_code(" k7q-xm2b ") == "K7QXM2B"
    for bad in ("K7QXM2", "K7QXM2BB", "K7QXM0B", "<b>K7Q", None, 7, "x" * 500):
        assert normalise_code(bad) is None


# ------------------------------------------------------------------ schema
def test_the_schema_is_created_versioned_and_kept(store, backend) -> None:
    assert store.schema_version() == SCHEMA_VERSION
    room, _ = make_room(store)
    again = store_from_env(backend)  # a second process starting on the same database
    assert again.schema_version() == SCHEMA_VERSION and again.room(room.code) == room


def test_a_database_of_a_newer_app_is_refused(tmp_path) -> None:
    path = tmp_path / "rooms.sqlite3"
    store = SqliteRoomStore(path)
    with store._tx(write=True) as cur:
        cur.execute("UPDATE lfd_schema SET version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(RuntimeError, match="update the app"):
        SqliteRoomStore(path)


def test_sqlite_runs_in_wal_mode(tmp_path) -> None:
    store = SqliteRoomStore(tmp_path / "rooms.sqlite3")
    with store._tx() as cur:
        assert cur.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# ------------------------------------------------------------------ a class experiment
def test_a_class_experiment_round_trip(store) -> None:
    room, token = make_room(store)
    assert len(room.code) == 7 and room.open_at(NOW) and not room.revealed
    seats = []
    for i in range(6):
        student, seat = store.join(room.code, f"s{i}", now=NOW + 1)
        assert student.number == i + 1
        assert student.value == LR.values[i % 4]  # round-robin from the teacher's list
        seats.append((student, seat))
    student, seat = seats[2]
    store.predict(room.code, seat, 1.0, now=NOW + 2)
    run = store.post(room.code, seat, post_for(student.value), now=NOW + 3)
    assert run.number == 3 and run.value == 1.0 and len(run.iterations) == 50
    got, students, runs = store.board(room.code)
    assert got.joined == 6 and [s.number for s in students] == [1, 2, 3, 4, 5, 6]
    assert students[2].prediction == 1.0 and students[2].posted and not students[0].posted
    assert [r.number for r in runs] == [3] and runs[0].final["test_acc"] == pytest.approx(0.88)
    assert runs[0].losses == post_for(1.0).losses
    assert store.teacher_room(room.code, token) == got
    store.set_revealed(room.code, token, True)
    assert store.room(room.code).revealed


def test_a_student_posts_only_their_own_run_once(store) -> None:
    room, _ = make_room(store)
    student, seat = store.join(room.code, now=NOW)
    with pytest.raises(RoomError) as wrong_value:  # another student's learning rate
        store.post(room.code, seat, post_for(10.0), now=NOW)
    assert wrong_value.value.key == "err.room.not_yours"
    with pytest.raises(RoomError) as changed:  # the room's other settings are kept
        store.post(room.code, seat, post_for(student.value, activation="relu"), now=NOW)
    assert changed.value.key == "err.room.not_yours"
    with pytest.raises(RoomError) as no_seat:
        store.post(room.code, "not-a-seat", post_for(student.value), now=NOW)
    assert no_seat.value.key == "err.room.seat"
    store.post(room.code, seat, post_for(student.value), now=NOW)
    with pytest.raises(RoomError) as twice:
        store.post(room.code, seat, post_for(student.value, acc=0.99), now=NOW)
    assert twice.value.key == "err.room.posted"
    with pytest.raises(RoomError):  # nor change the prediction afterwards
        store.predict(room.code, seat, 0.1, now=NOW)
    assert len(store.board(room.code)[2]) == 1


def test_choice_mode_lets_a_student_pick_from_the_list_only(store) -> None:
    room, _ = make_room(store, Question("activation", "choice", ("sigmoid", "relu")))
    student, seat = store.join(room.code, now=NOW)
    store.choose(room.code, seat, "relu", now=NOW)
    assert store.student(room.code, seat).value == "relu"
    for bad in ("tanh", "<script>", 3):
        with pytest.raises(RoomError):
            store.choose(room.code, seat, bad, now=NOW)
    assigned, _ = make_room(store)
    _, other = store.join(assigned.code, now=NOW)
    with pytest.raises(RoomError) as refused:
        store.choose(assigned.code, other, 1.0, now=NOW)
    assert refused.value.key == "err.room.mode"


def test_free_mode_groups_runs_by_what_they_changed(store) -> None:
    room, _ = make_room(store, Question("free", "assigned", ()))
    student, seat = store.join(room.code, now=NOW)
    assert student.value is None
    run = store.post(room.code, seat, post_for(1.0, activation="relu"), now=NOW)
    assert run.value == {"activation": "relu", "learning_rate": 1.0}
    with pytest.raises(RoomError):
        store.predict(room.code, seat, 1.0, now=NOW)


# ------------------------------------------------------------------ bounds
@pytest.mark.parametrize("nickname", ["x" * 31, "名" * 31])
def test_a_nickname_over_30_characters_is_refused(store, nickname) -> None:
    room, _ = make_room(store)
    with pytest.raises(RoomError) as refused:
        store.join(room.code, nickname, now=NOW)
    assert refused.value.key == "err.room.nickname"
    student, _ = store.join(room.code, " <b>名</b>\u202e\x00" + "x" * 20, now=NOW)
    assert student.nickname == "<b>名</b>" + "x" * 20  # control characters gone, markup kept


def _bad_posts():
    good = post_for(0.01)
    yield "nan accuracy", RunPost(good.config, {**good.final, "test_acc": math.nan})
    yield "accuracy above 1", RunPost(good.config, {**good.final, "train_acc": 1.5})
    yield "text accuracy", RunPost(good.config, {**good.final, "test_acc": "0.9"})
    yield "infinite loss", RunPost(good.config, {**good.final, "test_loss": math.inf})
    yield "unknown setting", RunPost({**good.config, "rm -rf": 1}, good.final)
    yield "bad setting value", RunPost({**good.config, "hidden_size": 10**9}, good.final)
    yield "other data set", RunPost({**good.config, "dataset": "mnist"}, good.final)
    yield "201 points", RunPost(good.config, good.final, tuple(range(201)), (1.0,) * 201)
    yield "curve lengths differ", RunPost(good.config, good.final, (1, 2), (1.0,))
    yield "curve not in order", RunPost(good.config, good.final, (2, 1), (1.0, 1.0))
    yield "nan in curve", RunPost(good.config, good.final, (1, 2), (1.0, math.nan))


@pytest.mark.parametrize("post", [p for _, p in _bad_posts()], ids=[n for n, _ in _bad_posts()])
def test_every_posted_value_is_checked(store, post) -> None:
    room, _ = make_room(store)
    _, seat = store.join(room.code, now=NOW)
    with pytest.raises(RoomError) as refused:
        store.post(room.code, seat, post, now=NOW)
    assert refused.value.key.startswith("err.room.")
    assert store.board(room.code)[2] == []


def test_a_diverged_run_posts_its_missing_losses_as_gaps(store) -> None:
    room, _ = make_room(store)
    _, seat = store.join(room.code, now=NOW)
    good = post_for(0.01)
    run = store.post(room.code, seat, RunPost(good.config, {**good.final, "test_loss": None},
                                              (1, 2, 3), (2.3, None, None), diverged=True),
                     now=NOW)
    stored = store.board(room.code)[2][0]
    assert stored.losses == (2.3, None, None) and stored.diverged and run.final["test_loss"] is None


def test_a_room_takes_200_students_and_so_at_most_200_runs(store) -> None:
    room, _ = make_room(store, Question("learning_rate", "assigned", (0.1, 1.0)))
    seats = [store.join(room.code, now=NOW) for _ in range(MAX_STUDENTS)]
    with pytest.raises(RoomError) as full:
        store.join(room.code, now=NOW)
    assert full.value.key == "err.room.full" and MAX_STUDENTS == 200
    for student, seat in seats:
        store.post(room.code, seat, post_for(student.value, points=5), now=NOW)
    assert len(store.board(room.code)[2]) == 200


def test_bad_questions_are_refused() -> None:
    for setting, mode, values in (("momentum", "assigned", (1, 2)), ("loss", "lottery", ("mse",)),
                                  ("learning_rate", "assigned", (0.1,)),
                                  ("learning_rate", "assigned", tuple(range(1, 10))),
                                  ("learning_rate", "assigned", (0.1, -1.0)),
                                  ("activation", "assigned", ("relu", "softmax"))):
        with pytest.raises(RoomError):
            Question(setting, mode, values)


# ------------------------------------------------------------------ time and the teacher
def test_a_room_expires_and_is_purged_a_day_later(store) -> None:
    room, _ = make_room(store, hours=1)
    student, seat = store.join(room.code, now=NOW + 10)
    later = NOW + 3600 + 1
    with pytest.raises(RoomError) as closed:
        store.join(room.code, now=later)
    assert closed.value.key == "err.room.closed"
    with pytest.raises(RoomError):
        store.post(room.code, seat, post_for(student.value), now=later)
    assert store.board(room.code)[0] is not None  # the results stay for a late export
    assert store.purge(now=NOW + 3600 * (1 + PURGE_AFTER_HOURS) - 60) == 0
    assert store.purge(now=NOW + 3600 * (1 + PURGE_AFTER_HOURS) + 60) == 1
    assert store.board(room.code) == (None, [], []) and store.student(room.code, seat) is None


def test_only_the_teachers_token_reveals_and_closes(store) -> None:
    room, token = make_room(store)
    for wrong in ("", "x" * 32, token[:-1], None):
        assert store.teacher_room(room.code, wrong) is None
        with pytest.raises(RoomError) as refused:
            store.set_revealed(room.code, wrong, True)
        assert refused.value.key == "err.room.teacher"
    store.close(room.code, token)
    with pytest.raises(RoomError) as closed:
        store.join(room.code, now=NOW)
    assert closed.value.key == "err.room.closed"
    with pytest.raises(RoomError) as unknown:
        store.join("AAAAAAA", now=NOW)
    assert unknown.value.key == "err.room.unknown"


# ------------------------------------------------------------------ at the same moment
def test_30_students_posting_at_once_lose_and_double_nothing(store) -> None:
    room, _ = make_room(store)
    start = threading.Barrier(30)

    def student(i: int) -> tuple[int, bool]:
        start.wait()
        me, seat = store.join(room.code, f"s{i}", now=NOW)
        post = post_for(me.value, acc=0.5 + i / 100, points=200)
        store.post(room.code, seat, post, now=NOW)
        try:  # the same student again, as a double click would
            store.post(room.code, seat, post, now=NOW)
            return me.number, True
        except RoomError:
            return me.number, False

    with ThreadPoolExecutor(max_workers=30) as pool:
        results = list(pool.map(student, range(30)))
    assert sorted(n for n, _ in results) == list(range(1, 31))
    assert not any(again for _, again in results)
    got, students, runs = store.board(room.code)
    assert got.joined == 30 and len(students) == 30
    assert sorted(r.number for r in runs) == list(range(1, 31))
    assert sorted(r.nickname for r in runs) == sorted(f"s{i}" for i in range(30))
    assert all(len(r.iterations) == 200 for r in runs)
