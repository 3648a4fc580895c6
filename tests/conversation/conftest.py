"""The conversation tests run on SQLite (`make run`'s database) and on PostgreSQL with Redis
(how several instances run): `intake run` with a PostgreSQL server and a Redis server of the
test's own, started once per session (`pg_stack` in tests/conftest.py)."""

from __future__ import annotations

import pytest

# Modules whose conversations also run on PostgreSQL. test_understanding is about the model
# (it does not touch the database), so it runs once.
ON_POSTGRES = {"test_first_slice", "test_intake", "test_booking"}


@pytest.fixture
def database(request) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture
def stack(database, request):
    return request.getfixturevalue("sqlite_stack" if database == "sqlite" else "pg_stack")


def pytest_generate_tests(metafunc):
    if "database" in metafunc.fixturenames and metafunc.module.__name__.rsplit(".", 1)[-1] in ON_POSTGRES:
        metafunc.parametrize("database", ["sqlite", "postgresql"], indirect=True)
