"""Login (e-mail, password and authenticator code on one form), logout."""

from __future__ import annotations

import hmac

from starlette.responses import Response

from bot.staff import accounts
from bot.staff.audit import Actor, record
from bot.staff.web import LOGIN_CSRF_COOKIE, SESSION_COOKIE, Ctx, new_login_csrf


def login(ctx: Ctx) -> Response:
    if ctx.user is not None and ctx.request.method == "GET":
        return ctx.redirect("/")
    if ctx.request.method == "GET":
        return _login_form(ctx, expired=ctx.request.query_params.get("verlopen") == "1",
                           enrolled=ctx.request.query_params.get("ingesteld") == "1")
    # Before login there is no session: the CSRF token is a double-submit cookie.
    sent = ctx.form.get("csrf", "")
    cookie = ctx.request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(sent.encode(), cookie.encode()):
        return _login_form(ctx, error="Dit formulier is verlopen. Probeer het opnieuw.", status=403)
    email = ctx.form.get("email", "")
    result = accounts.authenticate(
        ctx.db, cipher=ctx.app.store.cipher, email=email, password=ctx.form.get("password", ""),
        code=ctx.form.get("code", ""), client=ctx.client,
    )
    if result.throttled or result.user is None:
        _record_failure(ctx, email, throttled=result.throttled)
    if result.throttled:
        return _login_form(ctx, email=email, status=429,
                           error="Te veel pogingen. Wacht een kwartier en probeer het dan opnieuw.")
    if result.user is None:
        return _login_form(ctx, email=email, status=401,
                           error="Dat klopt niet. Controleer je e-mailadres, wachtwoord en code.")
    if ctx.login is not None:
        accounts.end_session(ctx.db, row=ctx.login)
    token, row = accounts.start_session(ctx.db, user=result.user)
    record(ctx.db, actor=Actor.of(result.user, client=ctx.client), action="login")
    response = ctx.redirect("/")
    ctx.app.set_cookie(response, ctx.request, SESSION_COOKIE, token)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path=ctx.base or "/")
    return response


def _record_failure(ctx: Ctx, email: str, *, throttled: bool) -> None:
    """A failed login is audit-logged. What was typed as e-mail is kept only when it is an
    account's address: people type passwords into the wrong field."""
    from sqlalchemy import select

    from bot.store.models_staff import StaffUser

    typed = accounts.normalise_email(email)[:200]
    user = ctx.db.execute(select(StaffUser).where(StaffUser.email == typed)).scalar_one_or_none()
    actor = Actor(user.id if user else None, user.email if user else "(onbekend account)", client=ctx.client)
    record(ctx.db, actor=actor, action="login_failed", object_type="staff_user",
           object_id=user.id if user else "", detail="te veel pogingen" if throttled else "")


def _login_form(ctx: Ctx, *, error: str = "", email: str = "", expired: bool = False, status: int = 200,
                enrolled: bool = False):
    token = new_login_csrf()
    response = ctx.render("login.html", status_code=status, login_csrf=token, error=error,
                          email=email, expired=expired, enrolled=enrolled)
    ctx.app.set_cookie(response, ctx.request, LOGIN_CSRF_COOKIE, token)
    return response


def logout(ctx: Ctx) -> Response:
    accounts.end_session(ctx.db, row=ctx.login)
    record(ctx.db, actor=ctx.actor, action="logout")
    response = ctx.redirect("/login")
    response.delete_cookie(SESSION_COOKIE, path=ctx.base or "/")
    return response
