"""Fixtures of the class-experiment tests: a store of each kind (SQLite, PostgreSQL)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.classroom import RoomStore, store_from_env
from tests import services

_names = itertools.count()


@pytest.fixture(scope="module")
def pg_cluster() -> Iterator[str]:
    """A PostgreSQL cluster for the tests of one module."""
    services.require(services.postgres_problem())
    with services.postgres_cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment that points the app at a fresh, empty store of each kind."""
    if request.param == "sqlite":
        yield {"LFD_ROOMS_DB": str(tmp_path / "rooms.sqlite3")}
    else:
        cluster = request.getfixturevalue("pg_cluster")
        yield {"LFD_DATABASE_URL": services.fresh_database(cluster, f"t{os.getpid()}_{next(_names)}")}


@pytest.fixture
def store(backend: dict[str, str]) -> RoomStore:
    """A fresh store of each kind, opened as the app opens it."""
    return store_from_env(backend)
