"""The inbox (/staff/) and one handover (/staff/handovers/<id>) with its actions."""

from __future__ import annotations

from starlette.responses import Response

from bot.staff import bookings, handovers, orphans
from bot.staff.audit import record
from bot.staff.web import Ctx, NotFound

MAX_NOTE = 4000


def inbox(ctx: Ctx) -> Response:
    f = handovers.Filters.from_query(ctx.request.query_params)
    rows = handovers.inbox(ctx.db, practice_ids=ctx.practice_ids, filters=f)
    # NEN 7513: the list shows codes, not content, but it is still a view of whose data exists.
    record(ctx.db, actor=ctx.actor, action="view", object_type="inbox",
           detail=f"{len(rows)} overdrachten; filter status={f.status} urgentie={f.urgency or '-'} "
                  f"thema={f.theme or '-'}")
    # Crises before a practice was chosen: every staff member sees the codes and can pick one up.
    waiting = orphans.waiting(ctx.db)
    if waiting:
        record(ctx.db, actor=ctx.actor, action="view", object_type="orphan_queue",
               detail=f"{len(waiting)} crisissignalen zonder praktijk: "
                      + ", ".join(o.reference for o in waiting[:20]))
    from bot.staffchat.callback import open_requests

    call_backs = open_requests(ctx.db, practice_ids=ctx.practice_ids)
    q = ctx.request.query_params
    erased = q.get("gewist", "") if q.get("gewist", "").startswith("JI-") else ""
    return ctx.render("inbox.html", rows=rows, filters=f, available=handovers.available(), orphans=waiting,
                      orphan_taken=q.get("fout") == "opgepakt", call_backs=call_backs,
                      practices=ctx.user.practices, U=handovers, erased=erased[:16],
                      erased_appointments=int(q.get("afspraken", "0")) if q.get("afspraken", "").isdigit() else 0)


def _row(ctx: Ctx):
    row = handovers.get_row(ctx.db, handover_id=ctx.request.path_params["handover_id"],
                            practice_ids=ctx.practice_ids)
    if row is None:
        raise NotFound
    return row


def _audit(ctx: Ctx, row, action: str, detail: str = "", object_type: str = "handover", object_id=None):
    record(ctx.db, actor=ctx.actor, action=action, object_type=object_type,
           object_id=object_id if object_id is not None else row.id,
           reference=row.conversation.reference, practice_code=row.practice.code, detail=detail)


def handover(ctx: Ctx) -> Response:
    row = _row(ctx)
    page = handovers.page(ctx.db, handover_id=row.id, practice_ids=ctx.practice_ids, cipher=ctx.app.store.cipher)
    _audit(ctx, row, "view", "overdracht, antwoorden en gesprek bekeken")
    if page.safety_plan is not None:
        _audit(ctx, row, "view", "veiligheidsplan bekeken (gedeeld door de cliënt)", object_type="safety_plan")
    slots = []
    if page.appointment is not None:
        slots = bookings.free_slots(ctx.db, appointment_id=page.appointment.id)
    q = ctx.request.query_params
    from bot.staff.views_chat import chat_view

    return ctx.render("handover.html", h=page, U=handovers, slots=slots,
                      message=q.get("melding", ""), error=q.get("fout", ""),
                      booking_available=bookings.available(), chat=chat_view(ctx, row, page))


def set_status(ctx: Ctx) -> Response:
    row = _row(ctx)
    status = ctx.form.get("status", "")
    if status not in handovers.STATUSES:
        return ctx.redirect(f"/handovers/{row.id}?fout=status")
    previous = handovers.set_status(ctx.db, row=row, status=status)
    _audit(ctx, row, "change", f"status {previous} -> {status}")
    return ctx.redirect(f"/handovers/{row.id}?melding=status")


def add_note(ctx: Ctx) -> Response:
    row = _row(ctx)
    text = ctx.form.get("text", "").strip()
    if not text:
        return ctx.redirect(f"/handovers/{row.id}?fout=notitie")
    note = handovers.add_note(ctx.db, handover_id=row.id, user=ctx.user, text=text[:MAX_NOTE],
                              cipher=ctx.app.store.cipher)
    _audit(ctx, row, "change", "notitie toegevoegd", object_type="note", object_id=note.id)
    return ctx.redirect(f"/handovers/{row.id}?melding=notitie")


def change_appointment(ctx: Ctx) -> Response:
    row = _row(ctx)
    current = bookings.appointment_for(ctx.db, handover_id=row.id, conversation_id=row.conversation_id)
    if current is None or str(current.id) != ctx.form.get("appointment", "") \
            or current.practice_id not in ctx.practice_ids:
        raise NotFound
    action = ctx.form.get("action")
    try:
        if action == "cancel":
            bookings.cancel(ctx.db, appointment_id=current.id)
            _audit(ctx, row, "change", "afspraak geannuleerd; cliënt krijgt bericht in de chat",
                   object_type="appointment", object_id=current.id)
            return ctx.redirect(f"/handovers/{row.id}?melding=geannuleerd")
        if action == "reschedule":
            new = bookings.reschedule(ctx.db, appointment_id=current.id, slot_id=ctx.form.get("slot", ""))
            _audit(ctx, row, "change", f"afspraak verzet naar {new.start_utc.isoformat()}Z (nieuw id {new.id}); "
                   "cliënt krijgt bericht in de chat", object_type="appointment", object_id=current.id)
            return ctx.redirect(f"/handovers/{row.id}?melding=verzet")
    except bookings.ChangeRefused:
        return ctx.redirect(f"/handovers/{row.id}?fout=afspraak")
    return ctx.redirect(f"/handovers/{row.id}?fout=afspraak")


def export_pdf(ctx: Ctx) -> Response:
    from bot.staff import pdf

    row = _row(ctx)
    page = handovers.page(ctx.db, handover_id=row.id, practice_ids=ctx.practice_ids, cipher=ctx.app.store.cipher)
    body = pdf.render(page, exported_by=ctx.user.email)
    _audit(ctx, row, "export", "overdracht als PDF geëxporteerd")
    filename = f"overdracht-{page.reference}.pdf"
    return Response(body, media_type="application/pdf",
                    headers={"content-disposition": f'attachment; filename="{filename}"'})
