"""The bot app: one ASGI app with the Rasa NLG endpoint, health check, staff web and the
Telegram front end (polling task or webhook route).

``create_app(settings)`` builds it; ``uvicorn --factory bot.web.app:create_app_from_env``
serves it. Nothing is created at import time.
"""

from __future__ import annotations

import contextlib
import logging
import time

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.config import Settings, load_settings
from bot.nlg import ResponseRenderer

log = logging.getLogger("bot.web")


def create_app(settings: Settings) -> Starlette:
    from bot.store.db import Store

    renderer = ResponseRenderer(settings.nlu_dir / "domain", settings.default_language)
    # One engine, session factory and cipher for the whole process (Telegram, booking, staff).
    # Building it does not connect, so the app may start before the database is migrated.
    store = Store(settings)
    started = time.time()

    async def nlg(request: Request) -> JSONResponse:
        try:
            body = await request.json()
        except ValueError:
            return JSONResponse({"error": "invalid json"}, status_code=400)
        result = renderer.render(body)
        return JSONResponse(result)

    async def healthz(_request: Request) -> JSONResponse:
        """Liveness: the process answers."""
        return JSONResponse({"status": "ok", "uptime_s": round(time.time() - started, 1)})

    async def readyz(request: Request) -> JSONResponse:
        """Readiness, for a load balancer: the database answers, Redis answers (several
        instances), Telegram is connected and this instance is not stopping."""
        import asyncio

        from sqlalchemy import text

        checks: dict[str, bool] = {}

        def db_ok() -> bool:
            with store.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True

        try:
            checks["database"] = await asyncio.wait_for(asyncio.to_thread(db_ok), 3.0)
        except Exception:  # noqa: BLE001 - any failure means not ready
            checks["database"] = False
        telegram = getattr(request.app.state, "telegram", None)
        if telegram is not None:
            checks["telegram"] = telegram.ready.is_set() and not telegram.stopping
            if telegram.state.shared:
                checks["redis"] = await telegram.state.ping()
        ok = all(checks.values())
        return JSONResponse({"status": "ok" if ok else "not ready", "checks": checks},
                            status_code=200 if ok else 503)

    routes = [Route("/nlg", nlg, methods=["POST"]), Route("/healthz", healthz), Route("/readyz", readyz)]

    extra_lifespans = []
    from bot.channels import telegram_app  # local import: optional front end

    telegram = telegram_app.mount(settings, routes, store=store)
    if telegram is not None:
        extra_lifespans.append(telegram)

    from bot.booking import web as booking_web  # /calendar/<token>.ics and the reminder loop

    extra_lifespans.append(booking_web.mount(settings, routes, store=store))

    from bot import outbox  # reminders, staff changes and workers' messages to the person
    from bot.staffchat.takeover import expire_idle_in

    extra_lifespans.append(outbox.lifespan_for(settings, store, on_tick=lambda: expire_idle_in(store)))

    from bot.privacy.retention import (
        lifespan_for,  # deletes what is past its retention period, daily
    )

    extra_lifespans.append(lifespan_for(store))

    from starlette.routing import Mount

    from bot.staff.app import build_staff_app  # the staff workspace (issue 8)

    routes.append(Mount("/staff", app=build_staff_app(settings, store)))

    @contextlib.asynccontextmanager
    async def lifespan(app):
        import asyncio
        from concurrent.futures import ThreadPoolExecutor

        # Database work runs in threads (asyncio.to_thread). The default pool has cpu+4 threads:
        # under load every turn queued behind a few; match the engine's pool (10 + 20 overflow).
        asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(32, thread_name_prefix="intake-db"))
        _check_key(store)
        async with contextlib.AsyncExitStack() as stack:
            stack.callback(store.dispose)
            for factory in extra_lifespans:
                await stack.enter_async_context(factory(app))
            yield

    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.settings = settings
    app.state.renderer = renderer
    app.state.store = store
    return app


def _check_key(store) -> None:
    """A wrong key stops the app; a database that is away does not (crisis help lines do not
    need it, and the check runs again at the next start)."""
    from bot.privacy.keys import verify
    from bot.store.crypto import KeyMismatchError

    try:
        verify(store)
    except KeyMismatchError:
        raise
    except Exception as exc:
        log.error("key check skipped: database unavailable (%s)", type(exc).__name__)


def create_app_from_env() -> Starlette:
    from bot.logs import setup_logging
    from bot.privacy.files import restrict_umask

    setup_logging("web")
    restrict_umask()
    return create_app(load_settings())
