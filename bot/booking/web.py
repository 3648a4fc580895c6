"""Booking in the bot app: the secret per-worker iCalendar feed and the outbox loop.

``mount(settings, routes)`` adds ``GET /calendar/<calendar_token>.ics`` to the routes and
returns a lifespan factory that runs the reminder/outbox loop while the app is up.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

log = logging.getLogger("bot.booking.web")


def mount(settings, routes: list, store=None):
    # The bot app passes its one Store; on its own the module opens (and later closes) one.
    state: dict = {} if store is None else {"store": store}
    owned = store is None

    def store():
        if "store" not in state:
            from bot.store.db import Store

            state["store"] = Store(settings)
        return state["store"]

    def _feed(token: str) -> bytes | None:
        from bot.booking.ics import worker_by_token, worker_feed

        with store().session() as s:
            worker = worker_by_token(s, token)
            if worker is None:
                return None
            return worker_feed(s, worker)

    async def calendar_feed(request: Request) -> Response:
        body = await asyncio.to_thread(_feed, request.path_params["token"])
        if body is None:
            return PlainTextResponse("not found", status_code=404)
        return Response(body, media_type="text/calendar; charset=utf-8",
                        headers={"Cache-Control": "private, max-age=300"})

    routes.append(Route("/calendar/{token}.ics", calendar_feed, methods=["GET"]))

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        from bot.booking.outbox import TranscriptDelivery, reminder_loop

        task = asyncio.create_task(reminder_loop(store(), TranscriptDelivery(store(), settings)))
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            if owned and "store" in state:
                state.pop("store").dispose()

    return lifespan
