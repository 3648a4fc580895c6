"""The support worker in the chat, on the handover page: write to the person, take the
conversation over and give it back, the call-back request, the live transcript, templates.

Every action is in the NEN 7513 log (who, which conversation, what — never the text itself).
"""

from __future__ import annotations

from starlette.responses import JSONResponse, Response

from bot import outbox
from bot.staff import handovers
from bot.staff.audit import record
from bot.staff.web import Ctx, NotFound
from bot.staffchat import callback, notify
from bot.staffchat import messages as M
from bot.staffchat import takeover as T
from bot.staffchat import templates as TPL
from bot.staffchat.identity import identity_of


def _row(ctx: Ctx):
    row = handovers.get_row(ctx.db, handover_id=ctx.request.path_params["handover_id"],
                            practice_ids=ctx.practice_ids)
    if row is None:
        raise NotFound
    return row


def _audit(ctx: Ctx, row, action: str, detail: str, object_type: str, object_id="") -> None:
    record(ctx.db, actor=ctx.actor, action=action, object_type=object_type, object_id=object_id,
           reference=row.conversation.reference, practice_code=row.practice.code, detail=detail)


def _pull(ctx: Ctx, conversation) -> bool:
    return not outbox.can_push(ctx.app.settings, conversation.channel)


def send_message(ctx: Ctx) -> Response:
    row = _row(ctx)
    conv = row.conversation
    who = identity_of(ctx.db, user=ctx.user, practice=row.practice)
    try:
        queued = M.send(ctx.db, conversation=conv, who=who, text=ctx.form.get("text", ""))
    except M.EmptyMessage:
        return ctx.redirect(f"/handovers/{row.id}?fout=bericht#bericht")
    way = "wacht op volgend bericht van de cliënt (kanaal zonder push)" if _pull(ctx, conv) else "via Telegram"
    _audit(ctx, row, "change", f"bericht aan cliënt geschreven ({way})", "chat_message", queued.id)
    ctx.after_commit(outbox.wake)
    return ctx.redirect(f"/handovers/{row.id}?melding=bericht#gesprek")


def take_over(ctx: Ctx) -> Response:
    row = _row(ctx)
    conv = row.conversation
    who = identity_of(ctx.db, user=ctx.user, practice=row.practice)
    try:
        taken = T.take_over(ctx.db, conversation=conv, who=who, pull=_pull(ctx, conv))
    except T.AlreadyTaken as exc:
        row = _row(ctx)  # the session was rolled back; load again
        _audit(ctx, row, "change", f"overnemen geweigerd: al overgenomen door {exc.holder}", "takeover")
        return ctx.redirect(f"/handovers/{row.id}?fout=overgenomen#gesprek")
    _audit(ctx, row, "change", "gesprek overgenomen; de assistent antwoordt niet meer", "takeover", taken.id)
    ctx.after_commit(outbox.wake)
    return ctx.redirect(f"/handovers/{row.id}?melding=overgenomen#gesprek")


def release(ctx: Ctx) -> Response:
    row = _row(ctx)
    ended = T.release(ctx.db, conversation=row.conversation, by=ctx.user.email)
    if ended is None:
        return ctx.redirect(f"/handovers/{row.id}?fout=niet_overgenomen#gesprek")
    _audit(ctx, row, "change", "gesprek teruggegeven aan de assistent", "takeover", ended.takeover_id)
    ctx.after_commit(outbox.wake)
    return ctx.redirect(f"/handovers/{row.id}?melding=teruggegeven#gesprek")


def resolve_call_back(ctx: Ctx) -> Response:
    row = _row(ctx)
    request_id = ctx.request.path_params["request_id"]
    done = callback.resolve(ctx.db, request_id=request_id, practice_ids=ctx.practice_ids, by=ctx.user.email)
    if done is None or done.conversation_id != row.conversation_id:
        raise NotFound
    _audit(ctx, row, "change", "terugbelverzoek afgehandeld", "call_back", request_id)
    return ctx.redirect(f"/handovers/{row.id}?melding=teruggebeld")


def poll(ctx: Ctx) -> Response:
    """New transcript lines since ``na`` (a message id) and what is still on its way, as JSON."""
    row = _row(ctx)
    try:
        after = max(0, int(ctx.request.query_params.get("na", "0")))
    except ValueError:
        after = 0
    conv = row.conversation
    lines = M.lines(ctx.db, conversation_id=conv.id, cipher=ctx.app.store.cipher, after_id=after,
                    pull=_pull(ctx, conv))
    delivered = [line for line in lines if line.id.startswith("m")]
    if delivered:
        newest = int(delivered[-1].id[1:])
        notify.mark_seen(ctx.db, conversation_id=conv.id, message_id=newest)
        # NEN 7513: new lines of the conversation were shown to this worker.
        _audit(ctx, row, "view", f"{len(delivered)} nieuwe regel(s) van het gesprek bekeken", "handover", row.id)
    holder = T.active(ctx.db, conversation_id=conv.id)
    return JSONResponse({
        "lines": [line.as_json() for line in lines],
        "takeover": holder.id if holder else None,
        "attention": notify.attention(ctx.db, practice_ids=ctx.practice_ids).as_json(),
    })


def attention(ctx: Ctx) -> Response:
    return JSONResponse(notify.attention(ctx.db, practice_ids=ctx.practice_ids).as_json())


def chat_view(ctx: Ctx, row, page) -> dict:
    """What the handover page needs for the chat card (called by views_inbox.handover)."""
    conv = row.conversation
    pull = _pull(ctx, conv)
    lines = M.lines(ctx.db, conversation_id=conv.id, cipher=ctx.app.store.cipher, pull=pull)
    newest = max((int(line.id[1:]) for line in lines if line.id.startswith("m")), default=0)
    notify.mark_seen(ctx.db, conversation_id=conv.id, message_id=newest)
    holder = T.active(ctx.db, conversation_id=conv.id)
    idle = T.idle_minutes(ctx.db, practice_id=row.practice_id)
    requests = callback.requests_for(ctx.db, conversation_id=conv.id, cipher=ctx.app.store.cipher)
    templates = TPL.for_practice(ctx.db, practice=row.practice)
    chosen = ctx.request.query_params.get("sjabloon", "")
    who = identity_of(ctx.db, user=ctx.user, practice=row.practice)
    draft = next((TPL.fill(t.body, who=who, practice=row.practice) for t in templates if str(t.id) == chosen), "")
    return {
        "lines": lines, "newest": newest, "pull": pull, "channel": conv.channel, "holder": holder,
        "idle_minutes": idle, "requests": requests, "templates": templates, "draft": draft, "me": who,
        "filled": {t.id: TPL.fill(t.body, who=who, practice=row.practice) for t in templates},
    }


def _own_practice(ctx: Ctx, code: str):
    for p in ctx.user.practices:
        if p.code == code:
            return p
    raise NotFound


def settings_page(ctx: Ctx) -> Response:
    """Templates (any worker of the practice), opening hours and idle time (admins)."""
    from bot.staffchat import hours as H
    from bot.store.models_staffchat import PracticeChatSettings

    message = error = ""
    if ctx.request.method == "POST":
        practice = _own_practice(ctx, ctx.form.get("practice", ""))
        what = ctx.form.get("what")
        if what == "templates":
            items = [(ctx.form.get(f"title{i}", ""), ctx.form.get(f"body{i}", "")) for i in range(TPL.MAX_TEMPLATES)]
            kept = TPL.save(ctx.db, practice_id=practice.id, items=items, by=ctx.user.email)
            record(ctx.db, actor=ctx.actor, action="change", object_type="message_templates",
                   object_id=practice.id, practice_code=practice.code, detail=f"{kept} sjablonen opgeslagen")
            message = f"Sjablonen van {practice.code} opgeslagen."
        elif what == "hours" and ctx.user.is_admin:
            try:
                hours = H.parse_hours(ctx.form.get("hours", ""))
                minutes = int(ctx.form.get("idle_minutes", "30"))
                if not 5 <= minutes <= 24 * 60:
                    raise ValueError("Kies voor 'terug naar de assistent' tussen 5 en 1440 minuten.")
            except ValueError as exc:
                error = str(exc)
            else:
                H.set_opening_hours(ctx.db, practice_id=practice.id, hours=hours)
                cfg = ctx.db.get(PracticeChatSettings, practice.id)
                if cfg is None:
                    cfg = PracticeChatSettings(practice_id=practice.id)
                    ctx.db.add(cfg)
                cfg.takeover_idle_minutes = minutes
                record(ctx.db, actor=ctx.actor, action="change", object_type="practice_chat_settings",
                       object_id=practice.id, practice_code=practice.code,
                       detail=f"openingstijden ({len(hours)} blokken), terug naar assistent na {minutes} min")
                message = f"Openingstijden van {practice.code} opgeslagen."
        else:
            raise NotFound
    ctx.db.flush()
    practices = []
    for p in ctx.user.practices:
        practices.append({
            "practice": p,
            "templates": TPL.for_practice(ctx.db, practice=p),
            "own": TPL.own(ctx.db, practice_id=p.id),
            "hours": H.format_hours(H.opening_hours(ctx.db, practice_id=p.id)),
            "hours_own": H.has_own_hours(ctx.db, practice_id=p.id),
            "idle_minutes": T.idle_minutes(ctx.db, practice_id=p.id),
        })
    return ctx.render("chat_settings.html", practices=practices, message=message, error=error,
                      max_templates=TPL.MAX_TEMPLATES)
