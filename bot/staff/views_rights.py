"""A person's rights, served by an admin from the handover page: a copy of everything stored
(download) and erasure (after a confirmation that names the reference). For requests that
arrive by phone or at the desk; both are audit-logged like `intake export` / `intake erase`."""

from __future__ import annotations

from starlette.responses import Response

from bot.staff import handovers
from bot.staff.audit import record
from bot.staff.web import Ctx, NotFound


def _row(ctx: Ctx):
    if not ctx.user.is_admin:
        raise NotFound
    row = handovers.get_row(ctx.db, handover_id=ctx.request.path_params["handover_id"],
                            practice_ids=ctx.practice_ids)
    if row is None:
        raise NotFound
    return row


def export_all(ctx: Ctx) -> Response:
    from bot.privacy.export import collect, render_text

    row = _row(ctx)
    conv = row.conversation
    body = render_text(collect(ctx.db, conv, cipher=ctx.app.store.cipher), conv.language or "nl")
    record(ctx.db, actor=ctx.actor, action="export", object_type="conversation", object_id=conv.id,
           reference=conv.reference, practice_code=row.practice.code if row.practice else "",
           detail="kopie van alle gegevens (inzageverzoek)")
    return Response(body.encode("utf-8"), media_type="text/plain; charset=utf-8", headers={
        "content-disposition": f'attachment; filename="gegevens-{conv.reference}.txt"'})


def erase(ctx: Ctx) -> Response:
    from bot.privacy.erasure import erase as erase_conversation

    row = _row(ctx)
    reference = row.conversation.reference
    if ctx.form.get("confirm", "").strip().upper() != reference:
        return ctx.redirect(f"/handovers/{row.id}?fout=wissen")
    report = erase_conversation(ctx.db, reference=reference, actor=ctx.actor, via="staff")
    n = len(report.cancelled_appointments) if report else 0
    return ctx.redirect(f"/?gewist={reference}&afspraken={n}")
