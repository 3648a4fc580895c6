"""The conversation tests run on SQLite (`make run`'s database) and on PostgreSQL with Redis
(how several instances run): `intake run` with a PostgreSQL server and a Redis server of the
test's own, started once for this package."""

from __future__ import annotations

import pytest

from tests.support.postgres import running_postgres
from tests.support.redis import running_redis
from tests.support.stack import start_stack, stop_stack

# Modules whose conversations also run on PostgreSQL. test_understanding is about the model
# (it does not touch the database), so it runs once.
ON_POSTGRES = {"test_first_slice", "test_intake", "test_booking"}


@pytest.fixture(scope="package")
def pg_stack(tmp_path_factory):
    with running_postgres("run the conversation tests on PostgreSQL") as pg, \
            running_redis("run the conversation tests with Redis") as redis:
        s = start_stack(tmp_path_factory.mktemp("pg-stack"), INTAKE_DATABASE_URL=pg.url, INTAKE_REDIS_URL=redis.url)
        yield s
        stop_stack(s)


@pytest.fixture
def database(request) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture
def stack(database, request):
    return request.getfixturevalue("sqlite_stack" if database == "sqlite" else "pg_stack")


def pytest_generate_tests(metafunc):
    if "database" in metafunc.fixturenames and metafunc.module.__name__.rsplit(".", 1)[-1] in ON_POSTGRES:
        metafunc.parametrize("database", ["sqlite", "postgresql"], indirect=True)
