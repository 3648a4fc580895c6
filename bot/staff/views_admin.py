"""Admin pages: practices, workers, staff accounts and the audit log.

Least privilege: an admin sees and manages only the practices they belong to, the workers and
accounts of those practices, and the audit rows about them. An account that also belongs to a
practice the admin does not manage is shown but cannot be changed. New accounts get a one-time
enrolment link; the admin never sees a password or an authenticator secret.
"""

from __future__ import annotations

import re
import secrets

from sqlalchemy import or_, select
from starlette.responses import Response

from bot.staff import accounts
from bot.staff.audit import list_events, record
from bot.staff.web import Ctx, NotFound
from bot.store.models import Practice, Worker, practice_workers
from bot.store.models_staff import AuditEvent, StaffUser
from bot.store.repo import practice_by_code

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
            # The admin who adds a practice manages it (and only the practices they belong to).
            ctx.user.practices.append(p)
            record(ctx.db, actor=ctx.actor, action="change", object_type="practice", object_id=p.id,
                   practice_code=code, detail="praktijk toegevoegd")
            return ctx.redirect("/beheer/praktijken")
    return ctx.render("admin_practices.html", practices=_own_practices(ctx), error=error, form=ctx.form)


def _own_practices(ctx: Ctx) -> list[Practice]:
    return sorted(ctx.user.practices, key=lambda p: p.code)


def _own_practice(ctx: Ctx, code: str) -> Practice | None:
    practice = practice_by_code(ctx.db, code=code or "")
    return practice if practice is not None and practice.id in ctx.practice_ids else None


def workers(ctx: Ctx) -> Response:
    error = ""
    if ctx.request.method == "POST":
        f = ctx.form
        practice = _own_practice(ctx, f.get("practice", ""))
        if f.get("action") == "toggle":
            worker = ctx.db.get(Worker, _int(f.get("id")))
            if worker is None or not {p.id for p in worker.practices} <= ctx.practice_ids:
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
    rows = list(ctx.db.execute(
        select(Worker).join(practice_workers).where(practice_workers.c.practice_id.in_(ctx.practice_ids))
        .order_by(Worker.name).distinct()).scalars())
    return ctx.render("admin_workers.html", workers=rows, practices=_own_practices(ctx), error=error,
                      form=ctx.form, manages=lambda w: {p.id for p in w.practices} <= ctx.practice_ids)


def staff_accounts(ctx: Ctx) -> Response:
    error, invited = "", None
    if ctx.request.method == "POST":
        f = ctx.form
        action = f.get("action")
        if action in ("toggle", "reset"):
            user = ctx.db.get(StaffUser, _int(f.get("id")))
            if user is None or not accounts.manages(ctx.practice_ids, user):
                raise NotFound
            if user.id == ctx.user.id:
                error = "Je eigen account beheer je bij Mijn account."
            elif action == "toggle":
                user.active = not user.active
                if not user.active:
                    accounts.end_all_sessions(ctx.db, user=user)
                record(ctx.db, actor=ctx.actor, action="change", object_type="staff_user", object_id=user.id,
                       detail=f"{user.email}: {'actief' if user.active else 'niet actief'}")
                return ctx.redirect("/beheer/accounts")
            else:
                token = accounts.reset_enrolment(ctx.db, cipher=ctx.app.store.cipher, user=user)
                record(ctx.db, actor=ctx.actor, action="change", object_type="staff_user", object_id=user.id,
                       detail=f"{user.email}: nieuwe inlog-link; wachtwoord en authenticator vervallen")
                invited = {"email": user.email, "link": _enrol_link(ctx, token), "reset": True}
        else:
            practice = _own_practice(ctx, f.get("practice", ""))
            if practice is None:
                error = "Kies een praktijk."
            else:
                try:
                    user, token = accounts.invite_user(
                        ctx.db, cipher=ctx.app.store.cipher, email=f.get("email", ""),
                        role=f.get("role", "worker"), practice_codes=[practice.code],
                    )
                except accounts.AccountError as exc:
                    error = _dutch_account_error(str(exc))
                else:
                    record(ctx.db, actor=ctx.actor, action="account_create", object_type="staff_user",
                           object_id=user.id, practice_code=practice.code,
                           detail=f"{user.email} ({user.role}); inlog-link gemaakt")
                    invited = {"email": user.email, "link": _enrol_link(ctx, token), "reset": False}
    users = accounts.users_sharing_practices(ctx.db, practice_ids=ctx.practice_ids)
    return ctx.render("admin_accounts.html", users=users, practices=_own_practices(ctx), error=error,
                      invited=invited, form=ctx.form if error else {},
                      manages=lambda u: accounts.manages(ctx.practice_ids, u), enrolled=accounts.is_enrolled,
                      valid_hours=int(accounts.ENROL_VALID.total_seconds() // 3600))


def _enrol_link(ctx: Ctx, token: str) -> str:
    return f"{ctx.request.base_url.scheme}://{ctx.request.headers.get('host', '')}{ctx.base}/welkom/{token}"


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


def audit_log(ctx: Ctx) -> Response:
    q = ctx.request.query_params
    own_codes = [p.code for p in ctx.user.practices]
    own_users = [u.id for u in accounts.users_sharing_practices(ctx.db, practice_ids=ctx.practice_ids)]
    # Rows about the admin's practices, and rows of the accounts there (logins carry no practice).
    scope = or_(AuditEvent.practice_code.in_(own_codes),
                (AuditEvent.practice_code == "") & AuditEvent.user_id.in_(own_users))
    rows = list_events(ctx.db, user_email=q.get("gebruiker", ""), reference=q.get("referentie", ""),
                       action=q.get("actie", ""), limit=500, where=scope)
    # Reading the access log is itself an access: it says whose data was seen, by whom.
    record(ctx.db, actor=ctx.actor, action="view", object_type="audit_log",
           detail=f"{len(rows)} regels; filter gebruiker={q.get('gebruiker', '') or '-'} "
                  f"referentie={q.get('referentie', '') or '-'} actie={q.get('actie', '') or '-'}")
    return ctx.render("admin_audit.html", rows=rows, filters=q)


def _int(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None
