"""A Redis server of the test's own: redis-server on a free port, no persistence, in a temp dir.

The binary comes from `make redis` (apt-get install redis-server when missing). Without it a
test skips with a loud reason, except under CI=true, where it fails.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass

import pytest

from tests.support.stack import free_port


@dataclass(frozen=True)
class Redis:
    url: str
    port: int
    proc: subprocess.Popen

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port)


def require_redis(why: str) -> str:
    binary = shutil.which("redis-server")
    if binary is None:
        reason = f"redis-server not found: run `make redis` (apt-get install redis-server) to {why}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return binary


@contextlib.contextmanager
def running_redis(why: str):
    binary = require_redis(why)
    root = tempfile.mkdtemp(prefix="intake-redis-")
    port = free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", root, "--protected-mode", "yes"],
                            stdout=open(os.path.join(root, "server.log"), "wb"), stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        import redis

        deadline = time.monotonic() + 20
        while True:
            try:
                redis.Redis(host="127.0.0.1", port=port, socket_timeout=1).ping()
                break
            except redis.exceptions.ConnectionError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start:\n"
                                       + open(os.path.join(root, "server.log")).read()[-2000:]) from None
                time.sleep(0.1)
        yield Redis(f"redis://127.0.0.1:{port}/0", port, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(root, ignore_errors=True)
