"""Start and supervise the three long-running processes: Rasa, the action server, the bot app.

One readable line per state change goes to the log; each child's own output goes to
``<data dir>/log/<name>.log``. A child that crashes is restarted with exponential backoff; a
child that cannot become healthy at start makes the whole start fail with a clear message.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bot.config import Settings
from bot.runtime import child_env, model_path, python, rasa_api_token, write_rasa_files

log = logging.getLogger("supervisor")


class StartupError(RuntimeError):
    pass


@dataclass
class ChildSpec:
    name: str
    argv: list[str]
    env: dict[str, str]
    health_url: str
    startup_timeout: float
    cwd: Path | None = None


@dataclass
class Child:
    spec: ChildSpec
    proc: asyncio.subprocess.Process | None = None
    restarts: int = 0
    started_at: float = 0.0
    ready: bool = False
    watcher: asyncio.Task | None = field(default=None, repr=False)


ROLES = ("web", "rasa", "actions")


def build_specs(settings: Settings, *, with_rasa: bool, with_telegram: bool,
                roles: tuple[str, ...] = ROLES) -> list[ChildSpec]:
    """The processes to start: every role on one machine, or one (``intake run --only``)."""
    py = python()
    actions_env = child_env(settings, "actions", {"SANIC_HOST": settings.action_host})
    specs = [
        ChildSpec(
            name="actions",
            argv=[py, "-m", "rasa_sdk", "--actions", "actions", "--port", str(settings.action_port)],
            env=actions_env,
            health_url=f"http://127.0.0.1:{settings.action_port}/health",
            startup_timeout=90,
            cwd=settings.project_root,
        ),
        ChildSpec(
            name="web",
            argv=[py, "-m", "uvicorn", "--factory", "bot.web.app:create_app_from_env",
                  "--host", settings.web_host, "--port", str(settings.web_port),
                  # Rasa pins an old `websockets`; uvicorn's websocket support would fail to import.
                  "--ws", "none", "--no-access-log", "--log-level", "warning"],
            env=child_env(settings, "web", None if with_telegram else {"INTAKE_TELEGRAM_TOKEN": ""}),
            health_url=f"{settings.web_url}/healthz",
            startup_timeout=60,
            cwd=settings.project_root,
        ),
    ]
    specs = [s for s in specs if s.name in roles]
    if with_rasa and "rasa" in roles:
        endpoints, credentials = write_rasa_files(settings)
        host, port = settings.rasa_host, settings.rasa_port
        model = model_path(settings)
        if not model.exists():
            raise StartupError(f"no trained model at {model}; run `intake train` first")
        extra = {}
        if settings.redis_url:
            # Rasa's ticket lock in Redis: a server that dies holding one frees it after this.
            extra["TICKET_LOCK_LIFETIME"] = "30"
        health_host = "127.0.0.1" if host in ("0.0.0.0", "") else host
        specs.append(
            ChildSpec(
                name="rasa",
                argv=[py, "-m", "bot.rasa_server", "run", "--model", str(model), "--endpoints", str(endpoints),
                      "--credentials", str(credentials), "--interface", host, "--port", str(port),
                      # The HTTP API (token only) lets the bot process repair one conversation.
                      # One argument with "=": a token may begin with "-" (token_urlsafe does so
                      # one time in 64), and argparse takes a separate "-…" for an option.
                      "--enable-api", f"--auth-token={rasa_api_token(settings, create=True)}"],
                env=child_env(settings, "rasa", extra),
                health_url=f"http://{health_host}:{port}/",
                startup_timeout=float(os.environ.get("INTAKE_RASA_STARTUP_TIMEOUT", "300")),
                cwd=settings.project_root,
            )
        )
    return specs


class Supervisor:
    def __init__(self, settings: Settings, specs: list[ChildSpec]):
        self.settings = settings
        self.children = {s.name: Child(s) for s in specs}
        self._stopping = False
        self._http = httpx.AsyncClient(timeout=2.0)
        self._failed = asyncio.Event()
        self.failure: str | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Start every child and wait until each is healthy; raise StartupError otherwise."""
        started = time.monotonic()
        for child in self.children.values():
            await self._spawn(child)
        tasks = {asyncio.create_task(self._wait_healthy(c)): name for name, c in self.children.items()}
        failed: list[str] = []
        pending = set(tasks)
        while pending and not failed:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            failed = [tasks[t] for t in done if not t.result()]
        for t in pending:
            t.cancel()
        if failed:
            await self.stop()
            details = "; ".join(f"{n}: see {self._log_path(n)}" for n in failed)
            raise StartupError(f"could not start {', '.join(failed)} ({details})")
        for child in self.children.values():
            child.watcher = asyncio.create_task(self._watch(child))
        log.info("all processes ready after %.1f s", time.monotonic() - started)

    async def wait(self) -> None:
        """Block until a child gives up for good (or forever)."""
        await self._failed.wait()

    async def stop(self) -> None:
        self._stopping = True
        for child in self.children.values():
            if child.watcher is not None:
                child.watcher.cancel()
        await asyncio.gather(*(self._terminate(c) for c in self.children.values()))
        await self._http.aclose()

    # -- internals ---------------------------------------------------------------------------

    def _log_path(self, name: str) -> Path:
        return self.settings.log_dir / f"{name}.log"

    async def _spawn(self, child: Child) -> None:
        self.settings.log_dir.mkdir(parents=True, exist_ok=True)
        out = open(self._log_path(child.spec.name), "ab")
        try:
            child.proc = await asyncio.create_subprocess_exec(
                *child.spec.argv, env=child.spec.env, cwd=child.spec.cwd,
                stdin=asyncio.subprocess.DEVNULL, stdout=out, stderr=asyncio.subprocess.STDOUT,
                start_new_session=True,  # own process group: Ctrl-C is handled by us, not forwarded
            )
        finally:
            out.close()
        child.started_at = time.monotonic()
        child.ready = False
        log.info("%s: starting (pid %s)", child.spec.name, child.proc.pid)

    async def _healthy(self, child: Child) -> bool:
        try:
            resp = await self._http.get(child.spec.health_url)
            return resp.status_code == 200
        except httpx.HTTPError:
            return False

    async def _wait_healthy(self, child: Child) -> bool:
        deadline = child.started_at + child.spec.startup_timeout
        while time.monotonic() < deadline:
            if child.proc.returncode is not None:
                log.error("%s: exited with code %s while starting", child.spec.name, child.proc.returncode)
                return False
            if await self._healthy(child):
                child.ready = True
                log.info("%s: ready after %.1f s at %s", child.spec.name,
                         time.monotonic() - child.started_at, child.spec.health_url.rsplit("/", 1)[0])
                return True
            await asyncio.sleep(0.5)
        log.error("%s: not healthy after %.0f s", child.spec.name, child.spec.startup_timeout)
        return False

    async def _watch(self, child: Child) -> None:
        backoff = 1.0
        while not self._stopping:
            code = await child.proc.wait()
            child.ready = False
            if self._stopping:
                return
            uptime = time.monotonic() - child.started_at
            if uptime > 120:
                backoff = 1.0  # it ran fine for a while: start the backoff over
            child.restarts += 1
            log.warning("%s: exited with code %s; restarting in %.0f s (restart %d)",
                        child.spec.name, code, backoff, child.restarts)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 60.0)
            await self._spawn(child)
            if not await self._wait_healthy(child):
                await self._terminate(child)
                if child.restarts >= 5:
                    self.failure = f"{child.spec.name} keeps failing; see {self._log_path(child.spec.name)}"
                    log.error("%s: giving up after %d restarts", child.spec.name, child.restarts)
                    self._failed.set()
                    return

    async def _terminate(self, child: Child) -> None:
        proc = child.proc
        if proc is None or proc.returncode is not None:
            return
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            await asyncio.wait_for(proc.wait(), timeout=10)
        except asyncio.TimeoutError:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            await proc.wait()
        log.info("%s: stopped", child.spec.name)
