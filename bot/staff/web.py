"""The staff web app: a Starlette app mounted at /staff by the bot app.

Every page goes through :func:`page`: it parses the form, runs the (synchronous, database)
view in a worker thread inside one store session, resumes the login session from its cookie
(ending it after inactivity), checks the CSRF token on every POST and the role, and renders
Jinja2 templates with autoescaping. :class:`SecurityHeaders` adds a content security policy
without inline scripts and the other headers to every response.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from bot.config import Settings
from bot.staff import accounts
from bot.staff.audit import Actor
from bot.store.db import Store
from bot.store.models_staff import StaffSession, StaffUser

log = logging.getLogger("bot.staff")

HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "staff_session"
LOGIN_CSRF_COOKIE = "staff_login_csrf"

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
    # Health data: never in a shared browser cache.
    (b"cache-control", b"no-store"),
]


class SecurityHeaders:
    """ASGI middleware: the security headers on every response of the staff app."""

    def __init__(self, app, *, hsts: bool):
        self.app = app
        self.headers = list(SECURITY_HEADERS)
        if hsts:
            self.headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in names or k == b"cache-control"]
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"]
                message["headers"] = kept + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


class NotFound(Exception):
    """Raised by a view for anything the user may not see: answers 404, never 403."""


class Forbidden(Exception):
    pass


@dataclass
class Ctx:
    """What a view gets: the request, its form, a database session, the user."""

    app: StaffApp
    request: Request
    db: Session
    form: dict[str, Any]
    user: StaffUser | None = None
    login: StaffSession | None = None
    cookies: list[tuple[str, str, dict]] = field(default_factory=list)
    after: list[Callable[[], None]] = field(default_factory=list)

    def after_commit(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` once the view's transaction is committed (e.g. wake the outbox loop)."""
        self.after.append(fn)

    @property
    def base(self) -> str:
        return self.app.base(self.request)

    @property
    def client(self) -> str:
        return self.request.client.host if self.request.client else ""

    @property
    def actor(self) -> Actor:
        return Actor.of(self.user, client=self.client)

    @property
    def practice_ids(self) -> set[int]:
        return {p.id for p in self.user.practices} if self.user else set()

    def render(self, template: str, status_code: int = 200, **values) -> HTMLResponse:
        values.setdefault("user", self.user)
        values.setdefault("csrf", self.login.csrf_token if self.login else "")
        values.setdefault("base", self.base)
        values.setdefault("path", self.request.url.path)
        if self.user is not None and "attention" not in values:
            from bot.staffchat.notify import attention  # the count in the navigation

            values["attention"] = attention(self.db, practice_ids=self.practice_ids)
        html = self.app.templates.get_template(template).render(**values)
        return HTMLResponse(html, status_code=status_code)

    def redirect(self, to: str) -> RedirectResponse:
        return RedirectResponse(self.base + to, status_code=303)


class StaffApp:
    def __init__(self, settings: Settings, store: Store | None = None):
        self.settings = settings
        self._store = store
        self.templates = Environment(
            loader=FileSystemLoader(str(HERE / "templates")),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        from bot.staff import filters

        filters.install(self.templates)

    @property
    def store(self) -> Store:
        # Built on first use, not at import or app construction: the web app may start
        # before the database has been migrated.
        if self._store is None:
            self._store = Store(self.settings)
        return self._store

    def base(self, request: Request) -> str:
        return request.scope.get("root_path", "") or ""

    def secure_cookies(self, request: Request) -> bool:
        return self.settings.environment == "production" or request.url.scheme == "https"

    def set_cookie(self, response: Response, request: Request, name: str, value: str, *, max_age=None):
        response.set_cookie(
            name, value, max_age=max_age, path=self.base(request) or "/", httponly=True,
            samesite="strict", secure=self.secure_cookies(request),
        )

    def page(self, view: Callable[[Ctx], Response], *, login: bool = True, admin: bool = False,
             touch: bool = True):
        """``touch=False``: a request the page makes by itself (a poll) does not count as activity."""
        async def endpoint(request: Request) -> Response:
            form: dict[str, Any] = {}
            if request.method == "POST":
                if not self._same_origin(request):
                    return HTMLResponse("Verzoek van een andere site geweigerd.", status_code=403)
                form = {k: v for k, v in (await request.form()).multi_items() if isinstance(v, str)}
            return await run_in_threadpool(self._run, view, request, form, login, admin, touch)

        return endpoint

    def _same_origin(self, request: Request) -> bool:
        """Refuse form posts from other sites (on top of the CSRF token and SameSite cookies)."""
        fetch_site = request.headers.get("sec-fetch-site")
        if fetch_site is not None and fetch_site not in ("same-origin", "none"):
            return False
        origin = request.headers.get("origin")
        if origin is None:
            return True
        if origin == "null":
            return fetch_site == "same-origin"
        return origin.split("://", 1)[-1] == request.headers.get("host", "")

    def _run(self, view, request: Request, form: dict, need_login: bool, need_admin: bool,
             touch: bool = True) -> Response:
        done: list[Ctx] = []
        with self.store.session() as db:
            response = self._run_view(db, done, view, request, form, need_login, need_admin, touch)
        for ctx in done:
            for fn in ctx.after:
                fn()
        return response

    def _run_view(self, db: Session, done: list, view, request: Request, form: dict, need_login: bool,
                  need_admin: bool, touch: bool) -> Response:
        ctx = Ctx(self, request, db, form)
        done.append(ctx)
        token = request.cookies.get(SESSION_COOKIE, "")
        ctx.login = accounts.resume_session(db, token=token, touch=touch)
        ctx.user = ctx.login.user if ctx.login else None
        if need_login and ctx.user is None:
            expired = bool(token)
            response = RedirectResponse(
                f"{ctx.base}/login" + ("?verlopen=1" if expired else ""), status_code=303
            )
            if expired:
                response.delete_cookie(SESSION_COOKIE, path=ctx.base or "/")
            return response
        if request.method == "POST" and need_login:
            sent = form.get("csrf", "")
            if not hmac.compare_digest(sent.encode(), ctx.login.csrf_token.encode()):
                return ctx.render("error.html", status_code=403,
                                  message="Dit formulier is verlopen. Laad de pagina opnieuw.")
        if need_admin and not ctx.user.is_admin:
            return ctx.render("error.html", status_code=404, message="Deze pagina bestaat niet.")
        try:
            return view(ctx)
        except NotFound:
            db.rollback()
            return ctx.render("error.html", status_code=404, message="Deze pagina bestaat niet.")


def new_login_csrf() -> str:
    return secrets.token_urlsafe(32)
