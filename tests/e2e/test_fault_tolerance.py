"""Fault behaviour through `intake chat --json`: Rasa, the database or the action server down.

A crisis message always gets the full help-line reply; anything else gets an apology with the
help lines and "probeer het zo nog eens"; never a traceback. The faults are real: a dead port
for Rasa and the database, and a killed action-server process for the actions.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.support.stack import INTAKE, ROOT, base_env, wait_http

CRISIS = "ik wil er niet meer zijn"
ORDINARY = "mijn dochter piekert veel over school"
DEAD_RASA = "http://127.0.0.1:9"


def run_chat(env: dict[str, str], lines: list[dict], timeout: float = 180) -> tuple[list[dict], str]:
    stdin = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    result = subprocess.run([INTAKE, "chat", "--json"], input=stdin, capture_output=True, text=True,
                            env=env, timeout=timeout, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stdout and "Traceback" not in result.stderr, result.stderr[-3000:]
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(out) == len(lines), result.stdout
    return out, result.stderr


def assert_full_crisis_reply(out: dict) -> None:
    texts = [r["text"] for r in out["replies"]]
    first = texts[0]
    for part in ("113", "0800-0113", "+31 800 0113", "113.nl", "112"):
        assert part in first, (part, first)
    assert any(t.endswith("Ben je nu veilig?") for t in texts)
    payloads = [b["payload"] for r in out["replies"] for b in r["buttons"]]
    assert payloads[0] == "/affirm_safe" and payloads[1].startswith("/deny_safe") and len(payloads) == 2
    assert not any("Probeer het zo nog eens" in t for t in texts), "a crisis reply, not an apology"


def assert_apology_with_help_lines(out: dict) -> None:
    (reply,) = out["replies"]
    text = reply["text"]
    assert "Probeer het zo nog eens" in text
    for part in ("113", "0800-0113", "112", "0800-2000", "0800-0432"):
        assert part in text, part


@pytest.fixture(scope="module")
def migrated_env(tmp_path_factory) -> dict[str, str]:
    """A migrated, seeded database of its own, and no Rasa at all."""
    data_dir = tmp_path_factory.mktemp("rasa-down")
    env = base_env(data_dir, INTAKE_RASA_URL=DEAD_RASA)
    for cmd in (["db", "upgrade"], ["db", "seed", "--demo"]):
        subprocess.run([INTAKE, *cmd], env=env, check=True, capture_output=True, cwd=ROOT, timeout=120)
    return env


def test_rasa_down_crisis_gets_the_full_help_line_reply_and_others_an_apology(migrated_env):
    user = f"rasa-down-{time.time_ns()}"
    started = time.monotonic()
    out, _ = run_chat(migrated_env, [{"user": user, "text": CRISIS}, {"user": user, "text": ORDINARY},
                                     {"user": user, "text": "/start LINDE"}])
    assert_full_crisis_reply(out[0])
    assert_apology_with_help_lines(out[1])
    assert_apology_with_help_lines(out[2])
    assert time.monotonic() - started < 60


@pytest.mark.parametrize("database_url", ["sqlite:////nonexistent-dir/x.db", "postgresql://127.0.0.1:9/x"])
def test_database_down_crisis_gets_the_full_reply_and_others_an_apology(tmp_path, database_url):
    # With the database down the service never reaches Rasa (nothing is stored, so nothing is
    # sent), so this needs no Rasa; the log proves the database was the cause.
    env = base_env(tmp_path, INTAKE_RASA_URL=DEAD_RASA, INTAKE_DATABASE_URL=database_url)
    user = f"db-down-{time.time_ns()}"
    out, stderr = run_chat(env, [{"user": user, "text": CRISIS}, {"user": user, "text": ORDINARY},
                                 {"user": user, "text": "mijn vader slaat me"}])
    assert_full_crisis_reply(out[0])
    assert_apology_with_help_lines(out[1])
    assert "0800-2000" in out[2]["replies"][0]["text"]  # abuse: Veilig Thuis
    assert "database unavailable" in stderr and "rasa unavailable" not in stderr
    assert CRISIS not in stderr and "slaat me" not in stderr  # no message text in the log


def _action_server_pid(port: int) -> int:
    """The pid of `python -m rasa_sdk ... --port <port>` (the stack's action server)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        args = [a.decode(errors="replace") for a in args]
        if "rasa_sdk" in args and "--port" in args and args[args.index("--port") + 1] == str(port):
            return int(entry.name)
    raise AssertionError(f"no action server on port {port}")


def _wait_refused(url: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
        except httpx.ConnectError:
            return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"{url} still answers")


@pytest.mark.stack
def test_action_server_killed_a_message_that_needs_an_action_still_gets_a_kind_reply(stack):
    health = f"http://127.0.0.1:{stack.action_port}/health"
    user = stack.new_user("actions-down")
    # With the action server up, /afspraak is answered by a custom action (not an apology).
    (before,) = stack.chat([{"user": user, "text": "/afspraak"}])
    assert before["replies"] and not any("Probeer het zo nog eens" in r["text"] for r in before["replies"])

    proc = subprocess.Popen([INTAKE, "chat", "--json"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=stack.client_env(), cwd=ROOT)
    try:
        # A line the chat answers without Rasa: the client is up before the fault starts.
        proc.stdin.write(json.dumps({"no_user": True}) + "\n")
        proc.stdin.flush()
        assert json.loads(proc.stdout.readline())["error"]

        pid = _action_server_pid(stack.action_port)
        os.kill(pid, signal.SIGKILL)
        _wait_refused(health)
        # The supervisor restarts it after a second or more; these go out at once.
        for line in ({"user": user, "text": "/afspraak"}, {"user": user, "text": CRISIS}):
            proc.stdin.write(json.dumps(line, ensure_ascii=False) + "\n")
        proc.stdin.flush()
        stdout, stderr = proc.communicate(timeout=120)  # closes stdin: the chat ends after these
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, stderr[-2000:]
    assert "Traceback" not in stdout and "Traceback" not in stderr
    after, crisis = [json.loads(x) for x in stdout.splitlines()]
    assert_apology_with_help_lines(after)
    assert_full_crisis_reply(crisis)
    # The supervisor brings the action server back, so the rest of the session has a whole stack.
    wait_http(health, 120)
    assert _action_server_pid(stack.action_port) != pid
