"""A PostgreSQL server of the test's own: initdb + pg_ctl in a temporary folder on a free port
(as root the server runs as the 'postgres' user).

The binaries come from `make postgres` (apt-get install postgresql when missing). Without them
a test skips with a loud reason, except under CI=true, where it fails.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.stack import free_port


@dataclass(frozen=True)
class Postgres:
    url: str  # postgresql://intake@127.0.0.1:<port>/<db>
    data_dir: Path  # the server's own files (tables, WAL), for tests that read the disk
    port: int

    def execute(self, sql: str, *, dbname: str | None = None) -> None:
        import psycopg2

        conn = psycopg2.connect(host="127.0.0.1", port=self.port, user="intake",
                                dbname=dbname or self.url.rsplit("/", 1)[-1])
        try:
            conn.autocommit = True
            conn.cursor().execute(sql)
        finally:
            conn.close()


def _initdb() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return found[-1]
    return shutil.which("initdb")


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(cmd)]


def require_initdb(why: str) -> str:
    initdb = _initdb()
    if initdb is None:
        reason = ("PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/initdb): "
                  f"run `make postgres` (apt-get install postgresql) to {why}")
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return initdb


@contextlib.contextmanager
def running_postgres(why: str, dbname: str = "intake_test"):
    """Start a throw-away server with one database; yields a :class:`Postgres`."""
    bindir = os.path.dirname(require_initdb(why))
    root = tempfile.mkdtemp(prefix="intake-pg-")
    data, sockets = os.path.join(root, "data"), os.path.join(root, "sock")
    os.makedirs(sockets)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    port = free_port()
    log = os.path.join(root, "server.log")
    subprocess.run(_as_server_user([f"{bindir}/initdb", "-D", data, "-U", "intake", "-A", "trust",
                                    "-E", "UTF8", "--no-sync"]), check=True, capture_output=True)
    subprocess.run(_as_server_user([f"{bindir}/pg_ctl", "-D", data, "-l", log, "-w", "-t", "60", "-o",
                                    f"'-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
                                    f"-c max_connections=200'", "start"]), check=True, capture_output=True)
    try:
        import psycopg2

        deadline = time.monotonic() + 30
        while True:
            try:
                conn = psycopg2.connect(host="127.0.0.1", port=port, user="intake", dbname="postgres")
                break
            except psycopg2.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        conn.autocommit = True
        conn.cursor().execute(f"CREATE DATABASE {dbname}")
        conn.close()
        yield Postgres(f"postgresql://intake@127.0.0.1:{port}/{dbname}", Path(data), port)
    finally:
        subprocess.run(_as_server_user([f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"]),
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)
