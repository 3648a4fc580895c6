"""The real system for tests: `intake run` started once per test session on free ports.

Tests talk to it through `intake chat --json` (a separate process, as an operator would) or
through an in-process ConversationService pointed at the same Rasa server.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
INTAKE = str(Path(sys.executable).parent / "intake")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")}
    env.update(
        {
            "INTAKE_DATA_DIR": str(data_dir),
            "INTAKE_DATABASE_URL": f"sqlite:///{data_dir / 'intake.db'}",
            "INTAKE_ENV": "test",
            # Loading the model takes ~1 minute alone but many more on a shared, loaded machine;
            # the tests wait as long for Rasa as start_stack does (a slow start is not a failure).
            "INTAKE_RASA_STARTUP_TIMEOUT": "1200",
            "INTAKE_SECRET_KEY": "test-secret-key-not-for-production",
            "RASA_TELEMETRY_ENABLED": "false",
            "PYTHONWARNINGS": "ignore",
        }
    )
    env.update(extra)
    return env


@dataclass
class Stack:
    data_dir: Path
    env: dict[str, str]
    rasa_url: str
    web_url: str
    action_port: int
    proc: subprocess.Popen | None = None
    log_path: Path | None = None
    postgres: object | None = None  # tests.support.postgres.Postgres when the stack runs on one
    _counter: int = field(default=0)

    def client_env(self, **extra: str) -> dict[str, str]:
        """Environment for a client process (chat, classify) that uses this stack's Rasa."""
        env = dict(self.env)
        env["INTAKE_RASA_URL"] = self.rasa_url
        env.update(extra)
        return env

    def chat(self, lines: list[dict], env: dict[str, str] | None = None, timeout: float = 120) -> list[dict]:
        """Run `intake chat --json` with these input lines; return one parsed output per line."""
        stdin = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
        result = subprocess.run(
            [INTAKE, "chat", "--json"], input=stdin, capture_output=True, text=True,
            env=env or self.client_env(), timeout=timeout, cwd=ROOT,
        )
        assert result.returncode == 0, f"intake chat failed ({result.returncode}): {result.stderr[-2000:]}"
        out = [json.loads(x) for x in result.stdout.splitlines()]
        assert len(out) == len(lines), f"expected {len(lines)} output lines, got {len(out)}: {result.stdout!r}"
        return out

    def new_user(self, prefix: str = "user") -> str:
        self._counter += 1
        return f"{prefix}-{os.getpid()}-{self._counter}-{time.time_ns() % 100000}"


class LiveChat:
    """One long-lived `intake chat --json` process for one person: one line in, one line out, so a
    test can decide each turn from the replies before (``stack.chat`` sends a fixed script). One
    process for the whole conversation, as the bot app is for a Telegram chat: starting a process
    per turn costs about two CPU seconds each (imports, vocabularies, the risk model)."""

    def __init__(self, stack, user: str, timeout: float = 120):
        self.user = user
        self.timeout = timeout
        self._stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([INTAKE, "chat", "--json"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self._stderr, text=True, env=stack.client_env(), cwd=ROOT)

    def _stderr_tail(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", "replace")[-2000:]

    def send(self, **line) -> list[dict]:
        self.proc.stdin.write(json.dumps({"user": self.user, **line}, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        # One line in, one whole line out: the pipe is empty until the reply is written.
        ready, _, _ = select.select([self.proc.stdout], [], [], self.timeout)
        if not ready:
            raise TimeoutError(f"no reply within {self.timeout} s to {line!r}: {self._stderr_tail()}")
        raw = self.proc.stdout.readline()
        assert raw, f"intake chat exited ({self.proc.poll()}): {self._stderr_tail()}"
        out = json.loads(raw)
        assert "error" not in out, out
        return out["replies"]

    def say(self, text: str) -> list[dict]:
        return self.send(text=text)

    def press(self, payload: str) -> list[dict]:
        return self.send(button=payload)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._stderr.close()


def wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} while waiting for {url}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} not healthy after {timeout} s")


def start_stack(data_dir: Path, **extra_env: str) -> Stack:
    rasa_port, action_port, web_port = free_port(), free_port(), free_port()
    env = base_env(
        data_dir,
        INTAKE_RASA_PORT=str(rasa_port),
        INTAKE_ACTION_PORT=str(action_port),
        INTAKE_WEB_PORT=str(web_port),
        **extra_env,
    )
    for cmd in (["db", "upgrade"], ["db", "seed", "--demo"]):
        subprocess.run([INTAKE, *cmd], env=env, check=True, capture_output=True, cwd=ROOT)
    log_path = data_dir / "intake-run.log"
    log = open(log_path, "wb")
    proc = subprocess.Popen([INTAKE, "run"], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
                            start_new_session=True)
    stack = Stack(data_dir, env, f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{web_port}",
                  action_port, proc, log_path)
    try:
        # Generous: `intake run` trains first when nlu_data/ changed since the last model.
        wait_http(f"{stack.rasa_url}/", 1200, proc)
        wait_http(f"{stack.web_url}/healthz", 60, proc)
        wait_http(f"http://127.0.0.1:{action_port}/health", 60, proc)
    except Exception:
        stop_stack(stack)
        raise RuntimeError("the stack did not start:\n" + log_path.read_text()[-3000:]) from None
    return stack


def stop_stack(stack: Stack) -> None:
    if stack.proc is None or stack.proc.poll() is not None:
        return
    os.killpg(stack.proc.pid, signal.SIGINT)
    try:
        stack.proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(stack.proc.pid, signal.SIGKILL)
        stack.proc.wait()
