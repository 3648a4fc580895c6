"""The supervisor: health checks, restart with backoff, a clear failure, clean stop."""

import asyncio
import sys
import textwrap

import pytest

from bot.supervisor import ChildSpec, StartupError, Supervisor
from tests.support.stack import free_port

SERVER = textwrap.dedent(
    """
    import http.server, os, sys
    port = int(sys.argv[1]); marker = sys.argv[2]
    count = int(open(marker).read() or 0) if os.path.exists(marker) else 0
    open(marker, "w").write(str(count + 1))
    if count == 0 and len(sys.argv) > 3:
        # first run: crash a moment after becoming healthy
        import threading; threading.Timer(1.0, lambda: os._exit(3)).start()
    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
        def log_message(self, *a): pass
    http.server.HTTPServer(("127.0.0.1", port), H).serve_forever()
    """
)


def spec(tmp_path, name, crash_once=False, timeout=20.0):
    port = free_port()
    script = tmp_path / "server.py"
    script.write_text(SERVER)
    argv = [sys.executable, str(script), str(port), str(tmp_path / f"{name}.count")]
    if crash_once:
        argv.append("crash")
    return ChildSpec(name=name, argv=argv, env={}, health_url=f"http://127.0.0.1:{port}/", startup_timeout=timeout)


async def test_a_crashed_child_is_restarted_and_becomes_healthy_again(settings, tmp_path, caplog):
    caplog.set_level("INFO", logger="supervisor")
    sup = Supervisor(settings, [spec(tmp_path, "flaky", crash_once=True)])
    await sup.start()
    try:
        for _ in range(100):
            if sup.children["flaky"].restarts == 1 and sup.children["flaky"].ready:
                break
            await asyncio.sleep(0.1)
        assert sup.children["flaky"].restarts == 1
        assert sup.children["flaky"].ready
        messages = [r.getMessage() for r in caplog.records]
        assert any("flaky: exited with code 3; restarting in 1 s" in m for m in messages)
        assert sum("flaky: ready" in m for m in messages) == 2
    finally:
        await sup.stop()
    assert sup.children["flaky"].proc.returncode is not None


async def test_a_child_that_cannot_start_fails_the_start_with_its_name_and_log(settings, tmp_path):
    bad = ChildSpec(name="broken", argv=[sys.executable, "-c", "raise SystemExit(4)"], env={},
                    health_url=f"http://127.0.0.1:{free_port()}/", startup_timeout=10)
    good = spec(tmp_path, "fine")
    sup = Supervisor(settings, [good, bad])
    with pytest.raises(StartupError) as err:
        await sup.start()
    assert "broken" in str(err.value) and "broken.log" in str(err.value)
    assert sup.children["fine"].proc.returncode is not None, "the healthy child was stopped too"


def test_rasa_takes_an_api_token_that_begins_with_a_dash(settings, monkeypatch, tmp_path):
    # A generated token begins with "-" one time in 64; `rasa run` then refused to start.
    import argparse
    import dataclasses

    from rasa.cli.arguments.run import add_server_arguments

    from bot.supervisor import build_specs

    root = tmp_path / "project"
    (root / "models").mkdir(parents=True)
    (root / "models" / "intake.tar.gz").write_bytes(b"")
    monkeypatch.setenv("INTAKE_RASA_TOKEN", "-dash-first")
    specs = build_specs(dataclasses.replace(settings, project_root=root), with_rasa=True, with_telegram=False)
    rasa = next(s for s in specs if s.name == "rasa")
    parser = argparse.ArgumentParser()
    add_server_arguments(parser)
    args, _ = parser.parse_known_args(rasa.argv[rasa.argv.index("run") + 1:])
    assert args.auth_token == "-dash-first"
