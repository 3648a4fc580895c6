"""A small HTTP reverse proxy for tests, in front of the bot apps' /nlg as Caddy is in
deploy/compose.yaml: each request goes to the next backend in turn, and to the other one when a
backend cannot be reached or drops the request (Caddy's lb_try_duration with lb_retry_match for
POST: rendering a response has no side effects). Rasa's keep-alive connections end here, so a
bot app that stops never breaks one of them."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.support.stack import free_port


class HttpBalancer:
    def __init__(self, backends: list[int], *, try_for: float = 10.0, retry_sent: bool = True):
        self.backends = backends
        self.try_for = try_for
        # retry_sent=False: a request that reached a backend is never sent to another one (only a
        # refused connection is tried elsewhere), as Caddy does for a POST without lb_retry_match
        # (the action servers: running an action has side effects).
        self.retry_sent = retry_sent
        self.port = free_port()
        self._turn = itertools.count()
        self.retries = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._client: httpx.AsyncClient | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _forward(self, request: Request) -> Response:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=30)
        body = await request.body()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")}
        deadline = time.monotonic() + self.try_for
        while True:
            port = self.backends[next(self._turn) % len(self.backends)]
            try:
                resp = await self._client.request(request.method, f"http://127.0.0.1:{port}{request.url.path}",
                                                  content=body, headers=headers)
                if resp.status_code < 502 or not self.retry_sent:
                    return Response(resp.content, status_code=resp.status_code,
                                    media_type=resp.headers.get("content-type"))
            except httpx.ConnectError:
                pass
            except httpx.TransportError:
                if not self.retry_sent:
                    return Response(status_code=502)
            self.retries += 1
            if time.monotonic() > deadline:
                return Response(status_code=502)
            await asyncio.sleep(0.05)

    def start(self) -> HttpBalancer:
        app = Starlette(routes=[Route("/{path:path}", self._forward, methods=["GET", "POST"])])
        self._server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                                     lifespan="off", ws="none", access_log=False))
        self._thread = threading.Thread(target=self._server.run, name="http-balancer", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the balancer did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
