"""`intake run` and `intake chat` as an operator uses them."""

import os
import signal
import socket
import subprocess
import time

import httpx
import pytest

from tests.support.stack import INTAKE, ROOT, base_env, free_port, wait_http

pytestmark = pytest.mark.stack


def _children_of(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is not alive for our purposes
    try:
        with open(f"/proc/{pid}/status") as fh:
            return "zombie" not in fh.read()
    except OSError:
        return False


def test_ctrl_c_stops_every_process_intake_run_started(stack, tmp_path):
    web_port, action_port = free_port(), free_port()
    env = base_env(tmp_path, INTAKE_RASA_URL=stack.rasa_url, INTAKE_WEB_PORT=str(web_port),
                   INTAKE_ACTION_PORT=str(action_port))
    proc = subprocess.Popen([INTAKE, "run"], env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    try:
        wait_http(f"http://127.0.0.1:{web_port}/healthz", 90, proc)
        wait_http(f"http://127.0.0.1:{action_port}/health", 90, proc)
        children = _children_of(proc.pid)
        assert len(children) == 2, "actions and web (Rasa is external here)"
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=40)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    time.sleep(0.5)
    assert not [c for c in children if _alive(c)], "a child outlived intake run"
    assert "using the Rasa server at" in output
    assert "web: ready after" in output and "actions: ready after" in output
    assert "web: stopped" in output and "actions: stopped" in output
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://127.0.0.1:{web_port}/healthz", timeout=1)


def test_a_process_that_cannot_start_makes_intake_run_exit_non_zero_with_a_clear_message(stack, tmp_path):
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    busy_port = blocker.getsockname()[1]
    env = base_env(tmp_path, INTAKE_RASA_URL=stack.rasa_url, INTAKE_WEB_PORT=str(busy_port),
                   INTAKE_ACTION_PORT=str(free_port()))
    try:
        result = subprocess.run([INTAKE, "run"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    finally:
        blocker.close()
    assert result.returncode == 1
    assert "could not start web" in result.stderr
    assert "web.log" in result.stderr
    assert "Traceback" not in result.stderr


def test_interactive_chat_answers_in_dutch_and_a_number_presses_a_button(stack):
    result = subprocess.run([INTAKE, "chat"], input="2\n", capture_output=True, text=True,
                            env=stack.client_env(), cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr[-1000:]
    out = result.stdout
    assert "bot> Hoi! Ik ben de digitale assistent" in out
    # The buttons of all bubbles are numbered on: [1] is the greeting's English button.
    assert "[1] English" in out and "[2] Ik ben ouder of verzorger" in out
    assert "bot> Bij welke huisartsenpraktijk" in out  # "2" pressed the parent button; no practice yet


def test_rasa_keeps_its_tracker_in_the_configured_database(stack):
    import sqlite3

    user = stack.new_user()
    stack.chat([{"user": user, "text": "hallo"}])
    db = sqlite3.connect(stack.data_dir / "intake.db")
    try:
        assert db.execute("select count(*) from events").fetchone()[0] > 0
    finally:
        db.close()


def test_chat_json_writes_nothing_but_json_lines_on_stdout(stack):
    user = stack.new_user()
    out = stack.chat([{"user": user, "text": "hoi"}, {"user": user, "text": "😀😀😀"}, {"user": user, "text": "x" * 5000}])
    for line in out:
        assert line["user"] == user and line["replies"], line
