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

import pytest

from tests.support.stack import free_port


class Redis:
    """The test's Redis server; ``stop()`` and ``start()`` take it away and bring it back on the
    same port (it holds nothing that must survive: the bot's keys are short-lived)."""

    def __init__(self, binary: str, root: str, port: int):
        self.binary, self.root, self.port = binary, root, port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.proc: subprocess.Popen | None = None

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port)

    def start(self) -> Redis:
        import redis

        self.proc = subprocess.Popen([self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", self.root, "--protected-mode", "yes"],
                                     stdout=open(os.path.join(self.root, "server.log"), "ab"),
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 20
        while True:
            try:
                redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=1).ping()
                return self
            except redis.exceptions.ConnectionError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start:\n"
                                       + open(os.path.join(self.root, "server.log")).read()[-2000:]) from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


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
    server = Redis(binary, root, free_port())
    try:
        yield server.start()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
