"""A staff member's own account: enrolment through the one-time link (/welkom/<token>), and
password change and authenticator re-enrolment (/account)."""

from __future__ import annotations

import hmac

from starlette.responses import Response

from bot.staff import accounts
from bot.staff.audit import Actor, record
from bot.staff.web import LOGIN_CSRF_COOKIE, Ctx, new_login_csrf

ERRORS = {
    "short": f"Het wachtwoord moet minstens {accounts.MIN_PASSWORD_LENGTH} tekens hebben.",
    "differ": "De twee wachtwoorden zijn niet hetzelfde.",
    "code": "Die code klopt niet. Typ de code die de app nu toont.",
    "current": "Je huidige wachtwoord klopt niet.",
}
VALID_HOURS = int(accounts.ENROL_VALID.total_seconds() // 3600)


def qr_data_uri(secret: str, email: str) -> str:
    import segno

    return segno.make(accounts.totp_uri(secret, email), error="m").svg_data_uri(scale=4)


def enrol(ctx: Ctx) -> Response:
    token = ctx.request.path_params["token"]
    user = accounts.enrolment_for(ctx.db, token=token)
    if user is None:
        return ctx.render("enrol.html", status_code=404, valid=False, valid_hours=VALID_HOURS)
    error = ""
    if ctx.request.method == "POST":
        # No session yet: the CSRF token is a double-submit cookie, as on the login page.
        sent, cookie = ctx.form.get("csrf", ""), ctx.request.cookies.get(LOGIN_CSRF_COOKIE, "")
        if not cookie or not hmac.compare_digest(sent.encode(), cookie.encode()):
            error = "Dit formulier is verlopen. Probeer het opnieuw."
        else:
            try:
                accounts.complete_enrolment(ctx.db, cipher=ctx.app.store.cipher, user=user,
                                            password=ctx.form.get("password", ""), repeat=ctx.form.get("repeat", ""),
                                            code=ctx.form.get("code", ""))
            except accounts.EnrolmentError as exc:
                error = ERRORS[exc.code]
            else:
                record(ctx.db, actor=Actor.of(user, client=ctx.client), action="change", object_type="staff_user",
                       object_id=user.id, detail="account ingesteld via inlog-link")
                response = ctx.redirect("/login?ingesteld=1")
                response.delete_cookie(LOGIN_CSRF_COOKIE, path=ctx.base or "/")
                return response
    secret = accounts.pending_secret(user, cipher=ctx.app.store.cipher)
    csrf = new_login_csrf()
    response = ctx.render("enrol.html", status_code=400 if error else 200, valid=True, email=user.email,
                          secret=secret, qr=qr_data_uri(secret, user.email), error=error, login_csrf=csrf,
                          min_length=accounts.MIN_PASSWORD_LENGTH, valid_hours=VALID_HOURS)
    ctx.app.set_cookie(response, ctx.request, LOGIN_CSRF_COOKIE, csrf)
    return response


def account(ctx: Ctx) -> Response:
    user, cipher = ctx.user, ctx.app.store.cipher
    message, error = "", ""
    if ctx.request.method == "POST":
        action = ctx.form.get("action")
        try:
            if action == "password":
                accounts.change_password(ctx.db, user=user, current=ctx.form.get("current", ""),
                                         new=ctx.form.get("new", ""), repeat=ctx.form.get("repeat", ""),
                                         keep=ctx.login)
                record(ctx.db, actor=ctx.actor, action="change", object_type="staff_user", object_id=user.id,
                       detail="eigen wachtwoord gewijzigd; andere sessies beëindigd")
                message = "Je wachtwoord is gewijzigd."
            elif action == "totp_start":
                accounts.start_totp_change(ctx.db, cipher=cipher, user=user)
            elif action == "totp_confirm":
                accounts.confirm_totp_change(ctx.db, cipher=cipher, user=user, password=ctx.form.get("current", ""),
                                             code=ctx.form.get("code", ""))
                record(ctx.db, actor=ctx.actor, action="change", object_type="staff_user", object_id=user.id,
                       detail="authenticator-app opnieuw gekoppeld")
                message = "Je nieuwe authenticator-app is gekoppeld. De oude werkt niet meer."
        except accounts.EnrolmentError as exc:
            error = ERRORS[exc.code]
    secret = accounts.pending_secret(user, cipher=cipher)
    return ctx.render("account.html", status_code=400 if error else 200, message=message, error=error,
                      secret=secret, qr=qr_data_uri(secret, user.email) if secret else "",
                      min_length=accounts.MIN_PASSWORD_LENGTH)
