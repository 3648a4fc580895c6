"""Booking in the bot app: the secret per-worker iCalendar feed.

``mount(settings, routes)`` adds ``GET /calendar/<calendar_token>.ics`` to the routes and
returns a lifespan factory (it closes the Store it opened itself). Reminders go out through
the chat outbox (:mod:`bot.outbox`), whose loop the bot app runs.
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

    def _feed(token: str, client: str) -> bytes | None:
        from bot.booking.ics import worker_by_token, worker_feed
        from bot.staff.audit import Actor, record

        with store().session() as s:
            worker = worker_by_token(s, token)
            if worker is None:
                return None
            body = worker_feed(s, worker)
            # NEN 7513: the feed lists appointments with their references; each fetch is an access.
            practices = ", ".join(p.code for p in worker.practices)
            record(s, actor=Actor(None, f"agenda-feed:{worker.email or worker.id}"[:200], practices, client),
                   action="view", object_type="calendar_feed", object_id=worker.id,
                   practice_code=practices[:32], detail="agenda-abonnement opgehaald")
            return body

    async def calendar_feed(request: Request) -> Response:
        client = request.client.host if request.client else ""
        body = await asyncio.to_thread(_feed, request.path_params["token"], client)
        if body is None:
            return PlainTextResponse("not found", status_code=404)
        return Response(body, media_type="text/calendar; charset=utf-8",
                        headers={"Cache-Control": "private, max-age=300"})

    routes.append(Route("/calendar/{token}.ics", calendar_feed, methods=["GET"]))

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        try:
            yield
        finally:
            if owned and "store" in state:
                state.pop("store").dispose()

    return lifespan
