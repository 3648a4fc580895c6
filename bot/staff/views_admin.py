"""Admin pages: practices, workers, staff accounts and the audit log."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select
from starlette.responses import Response

from bot.staff import accounts
from bot.staff.audit import list_events, record
from bot.staff.web import Ctx, NotFound
from bot.store.models import Practice, Worker
from bot.store.models_staff import StaffUser
from bot.store.repo import list_practices, practice_by_code

_CODE = re.compile(r"^[A-Z0-9]{2,32}$")


def practices(ctx: Ctx) -> Response:
    error = ""
    if ctx.request.method == "POST":
        f = ctx.form
        code = f.get("code", "").strip().upper()
        if not _CODE.match(code):
            error = "Een code is 2 tot 32 hoofdletters of cijfers."
        elif practice_by_code(ctx.db, code=code) is not None:
            error = f"Er is al een praktijk met code {code}."
        elif not f.get("name", "").strip() or not f.get("municipality", "").strip():
            error = "Naam en gemeente zijn nodig."
        else:
            p = Practice(code=code, name=f["name"].strip(), municipality=f["municipality"].strip(),
                         address=f.get("address", "").strip(),
                         worker_title=f.get("worker_title", "").strip() or "POH-Jeugd",
                         huisartsenpost_name=f.get("huisartsenpost_name", "").strip(),
                         huisartsenpost_phone=f.get("huisartsenpost_phone", "").strip(),
                         phone=f.get("phone", "").strip())
            ctx.db.add(p)
            ctx.db.flush()
            record(ctx.db, actor=ctx.actor, action="change", object_type="practice", object_id=p.id,
                   practice_code=code, detail="praktijk toegevoegd")
            return ctx.redirect("/beheer/praktijken")
    return ctx.render("admin_practices.html", practices=list_practices(ctx.db), error=error, form=ctx.form)


def workers(ctx: Ctx) -> Response:
    error = ""
    if ctx.request.method == "POST":
        f = ctx.form
        practice = practice_by_code(ctx.db, code=f.get("practice", ""))
        if f.get("action") == "toggle":
            worker = ctx.db.get(Worker, _int(f.get("id")))
            if worker is None:
                raise NotFound
            worker.active = not worker.active
            record(ctx.db, actor=ctx.actor, action="change", object_type="worker", object_id=worker.id,
                   detail="actief" if worker.active else "niet actief")
            return ctx.redirect("/beheer/medewerkers")
        if practice is None:
            error = "Kies een praktijk."
        elif not f.get("name", "").strip():
            error = "Vul een naam in."
        else:
            worker = Worker(name=f["name"].strip(), email=f.get("email", "").strip().lower(),
                            calendar_token=secrets.token_urlsafe(24), active=True)
            worker.practices.append(practice)
            ctx.db.add(worker)
            ctx.db.flush()
            record(ctx.db, actor=ctx.actor, action="change", object_type="worker", object_id=worker.id,
                   practice_code=practice.code, detail="medewerker toegevoegd")
            return ctx.redirect("/beheer/medewerkers")
    rows = list(ctx.db.execute(select(Worker).order_by(Worker.name)).scalars())
    return ctx.render("admin_workers.html", workers=rows, practices=list_practices(ctx.db), error=error,
                      form=ctx.form)


def staff_accounts(ctx: Ctx) -> Response:
    error, created = "", None
    if ctx.request.method == "POST":
        f = ctx.form
        if f.get("action") == "toggle":
            user = ctx.db.get(StaffUser, _int(f.get("id")))
            if user is None:
                raise NotFound
            if user.id == ctx.user.id:
                error = "Je kunt je eigen account niet uitzetten."
            else:
                user.active = not user.active
                record(ctx.db, actor=ctx.actor, action="change", object_type="staff_user", object_id=user.id,
                       detail=f"{user.email}: {'actief' if user.active else 'niet actief'}")
                return ctx.redirect("/beheer/accounts")
        else:
            codes = [f.get("practice", "")]
            try:
                user, secret = accounts.create_user(
                    ctx.db, cipher=ctx.app.store.cipher, email=f.get("email", ""),
                    password=f.get("password", ""), role=f.get("role", "worker"), practice_codes=codes,
                )
            except accounts.AccountError as exc:
                error = _dutch_account_error(str(exc))
            else:
                record(ctx.db, actor=ctx.actor, action="account_create", object_type="staff_user",
                       object_id=user.id, detail=f"{user.email} ({user.role})")
                uri = accounts.totp_uri(secret, user.email)
                created = {"email": user.email, "secret": secret, "qr": _qr_data_uri(uri)}
    users = accounts.list_users(ctx.db)
    return ctx.render("admin_accounts.html", users=users, practices=list_practices(ctx.db), error=error,
                      created=created, form=ctx.form if error else {})


def _dutch_account_error(message: str) -> str:
    if "already exists" in message:
        return "Er is al een account met dit e-mailadres."
    if "password" in message:
        return f"Het wachtwoord moet minstens {accounts.MIN_PASSWORD_LENGTH} tekens hebben."
    if "practice" in message:
        return "Kies een praktijk."
    if "role" in message:
        return "Kies een rol."
    return "Vul een geldig e-mailadres in."


def _qr_data_uri(uri: str) -> str:
    import segno

    return segno.make(uri, error="m").svg_data_uri(scale=4)


def audit_log(ctx: Ctx) -> Response:
    q = ctx.request.query_params
    rows = list_events(ctx.db, user_email=q.get("gebruiker", ""), reference=q.get("referentie", ""),
                       action=q.get("actie", ""), limit=500)
    return ctx.render("admin_audit.html", rows=rows, filters=q)


def _int(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None
