"""A class on one server: an uploaded data set is kept once, and released when its session ends.

Streamlit ends a session on disconnect by clearing its `scope="session"` caches, which calls
their `on_release` (websocket_session_manager.disconnect_session -> AppSession
.clear_session_caches -> caching.clear_session_resource_cache(session_id)). AppTest has no
disconnect, so these tests make the same call Streamlit makes; every AppTest shares one
session id ("test session id"), so where only one of two sessions may end, its SessionEnd is
released directly (what that call does for each entry). scripts/session_end_check.py checks the
hook on a real server: a protocol-level client uploads, disconnects, and the data set is gone.
"""

from __future__ import annotations

import gc
import platform
import threading
import weakref
import zlib

import numpy as np
import pytest
from streamlit.runtime import caching
from streamlit.testing.v1 import AppTest

from core.datasets import dataset_from_csv
from core.datasets.store import SharedStore, digest
from core.errors import DataError
from pages import shared
from tests.conftest import assert_clean, open_page

CSV = b"a,b,label\n" + b"".join(f"{i},{i * 3 % 7},{i % 3}\n".encode() for i in range(60))
AT_SESSION_ID = "test session id"  # streamlit/testing/v1/local_script_runner.py


def own_csv(tag: str) -> bytes:
    """CSV's rows and one row of the test's own: no other test's session can hold these bytes."""
    return CSV + f"{zlib.crc32(tag.encode()) % 100_000},7,0\n".encode()


def stored(content: bytes) -> bool:
    """Whether the server holds a parse of `content` (the sidebar's seed 0, split 0.2, no drop)."""
    return (digest(content), 0, 0.2, 0) in shared.UPLOADS


def csv_session(content: bytes = CSV, name: str = "data.csv") -> AppTest:
    at = open_page(query={"dataset": "csv"})
    at.file_uploader(key="_csv_file").set_value((name, content, "text/csv")).run()
    assert_clean(at)
    assert shared.CSV_DATASET in at.session_state
    return at


def streamlit_ends_the_sessions() -> None:
    """What Streamlit does when a session disconnects, for AppTest's (shared) session id."""
    caching.clear_session_resource_cache(AT_SESSION_ID)


def gone(ref: weakref.ref) -> bool:
    gc.collect()
    return ref() is None


# ------------------------------------------------------------------ the store (no Streamlit)
class Box:
    """A stand-in for a data set (anything weakly referable)."""


def test_the_store_builds_once_per_key_and_forgets_what_nobody_holds() -> None:
    store: SharedStore[Box] = SharedStore()
    builds: list[str] = []

    def build(tag: str):
        return lambda: builds.append(tag) or Box()

    a = store.get("k", build("first"))
    b = store.get("k", build("second"))
    assert a is b and builds == ["first"] and len(store) == 1
    ref = weakref.ref(a)
    del a, b
    assert gone(ref) and "k" not in store and len(store) == 0  # the last holder let go
    store.get("k", build("third"))  # nobody held it: built again
    assert builds == ["first", "third"]


def test_a_failed_build_stores_nothing() -> None:
    store: SharedStore[Box] = SharedStore()

    def broken() -> Box:
        raise DataError("err.csv.empty")

    with pytest.raises(DataError):
        store.get("k", broken)
    assert "k" not in store


def test_sessions_asking_at_once_share_one_build() -> None:
    store: SharedStore[Box] = SharedStore()
    started, release = threading.Event(), threading.Event()
    builds: list[int] = []

    def slow() -> Box:
        builds.append(1)
        started.set()
        release.wait(5)
        return Box()

    got: list[Box] = []
    first = threading.Thread(target=lambda: got.append(store.get("k", slow)))
    first.start()
    started.wait(5)
    second = threading.Thread(target=lambda: got.append(store.get("k", slow)))
    second.start()
    release.set()
    first.join(5)
    second.join(5)
    assert len(builds) == 1 and len(got) == 2 and got[0] is got[1]


def test_the_content_key_is_the_bytes_sha256() -> None:
    assert digest(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


# ------------------------------------------------------------------ sessions (AppTest)
def test_the_same_bytes_uploaded_in_two_sessions_are_stored_once() -> None:
    content = own_csv("twice")
    a = csv_session(content, name="mine.csv")
    b = csv_session(content, name="theirs.csv")
    shared_a, shared_b = a.session_state[shared.CSV_SHARED], b.session_state[shared.CSV_SHARED]
    assert shared_a is shared_b and stored(content)
    own_a, own_b = a.session_state[shared.CSV_DATASET], b.session_state[shared.CSV_DATASET]
    # each session's data set names its own file, over the very same arrays
    assert (own_a.meta.source, own_b.meta.source) == ("mine.csv", "theirs.csv")
    for field in ("x_train", "t_train", "x_test", "t_test"):
        assert getattr(own_a, field) is getattr(own_b, field) is getattr(shared_a, field)
    # other bytes: a data set of their own
    other = own_csv("other")
    c = csv_session(other)
    assert c.session_state[shared.CSV_SHARED] is not shared_a and stored(other) and stored(content)


def test_an_uploaded_data_set_is_released_when_its_session_ends() -> None:
    content = own_csv("ends")
    at = csv_session(content)
    ref = weakref.ref(at.session_state[shared.CSV_SHARED])
    streamlit_ends_the_sessions()  # no other session connects or disconnects
    for key in (shared.CSV_DATASET, shared.CSV_SHARED, shared.CSV_KEY):
        assert key not in at.session_state
    assert gone(ref) and not stored(content)
    # a reconnect (a network blip) finds the upload and parses it again
    at.run()
    assert_clean(at)
    data = at.session_state[shared.CSV_DATASET]
    assert data.n_train + data.n_test == 61 and stored(content)


def test_a_data_set_lives_as_long_as_one_session_uses_it() -> None:
    content = own_csv("lives")
    a, b = csv_session(content), csv_session(content)
    ref = weakref.ref(a.session_state[shared.CSV_SHARED])
    end_a, end_b = a.session_state[shared.SESSION_END], b.session_state[shared.SESSION_END]
    assert end_a is not end_b and end_a.state is not end_b.state
    end_a.release()  # A's tab closes
    assert shared.CSV_DATASET not in a.session_state and not gone(ref)
    assert b.session_state[shared.CSV_DATASET].n_features == 2  # B carries on
    b.switch_page("pages/mini_batch.py").run()
    assert_clean(b)
    end_b.release()  # the last one closes: freed at once
    assert gone(ref) and not stored(content)


def test_a_parse_that_outlasts_its_session_keeps_nothing() -> None:
    at = csv_session()
    end = at.session_state[shared.SESSION_END]
    end.release()
    end.keep({shared.CSV_DATASET: object()})  # the parse finished after the tab closed
    assert shared.CSV_DATASET not in at.session_state


def test_a_new_upload_lets_the_old_data_set_go() -> None:
    first, second = own_csv("first"), own_csv("second")
    at = csv_session(first)
    ref = weakref.ref(at.session_state[shared.CSV_SHARED])
    at.file_uploader(key="_csv_file").set_value(("b.csv", second, "text/csv")).run()
    assert_clean(at)
    assert gone(ref) and not stored(first) and stored(second)


def test_the_shared_data_set_equals_a_fresh_parse() -> None:
    at = csv_session()
    mine = at.session_state[shared.CSV_DATASET]
    fresh = dataset_from_csv(CSV)
    np.testing.assert_array_equal(mine.x_train, fresh.x_train)
    np.testing.assert_array_equal(mine.t_test, fresh.t_test)
    assert not mine.x_train.flags.writeable


# ------------------------------------------------------------------ a page's own work (the lab)
def lab_session_with_a_run(tag: str) -> AppTest:
    at = csv_session(own_csv(tag))
    at.switch_page("pages/training_lab.py").run()
    at.button(key="_lab_train").click().run()
    assert_clean(at)
    assert at.session_state["_lab"].run is not None
    return at


def test_the_labs_runs_and_their_data_set_go_once_the_session_has_been_gone_long_enough() -> None:
    at = lab_session_with_a_run("grace")
    # the arrays, not the Dataset object: the run may hold a subset (its own training rows)
    ref = weakref.ref(at.session_state[shared.CSV_SHARED].x_test)
    end = at.session_state[shared.SESSION_END]
    streamlit_ends_the_sessions()
    assert shared.CSV_DATASET not in at.session_state and "_lab" in at.session_state
    assert not gone(ref)  # the lab's run still holds it, for a session that may come back
    assert end.timer is not None and end.timer.interval == 120  # server.disconnectedSessionTTL
    end.timer.cancel()
    end.drop_later()  # what the timer does when the 120 s are over
    assert "_lab" not in at.session_state and gone(ref)


def test_a_session_that_comes_back_in_time_keeps_its_runs() -> None:
    at = lab_session_with_a_run("back")
    run = at.session_state["_lab"].run
    end = at.session_state[shared.SESSION_END]
    streamlit_ends_the_sessions()
    at.run()  # the network blip is over: the tab reconnects and reruns
    assert_clean(at)
    assert end.timer is not None and end.timer.finished.is_set()  # cancelled
    end.drop_later()  # even if it had fired: the session came back, nothing is dropped
    assert at.session_state["_lab"].run is run


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="a glibc setting")
def test_the_server_keeps_to_two_allocator_arenas() -> None:
    """The setting that lets a class's memory come back (pages/shared.py): glibc accepts it."""
    assert shared.limit_allocator_arenas(2)
