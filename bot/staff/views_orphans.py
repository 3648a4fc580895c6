"""Picking up a crisis that came in before the person chose a practice (see bot.staff.orphans)."""

from __future__ import annotations

from starlette.responses import Response

from bot.staff import orphans
from bot.staff.audit import record
from bot.staff.web import Ctx, NotFound


def claim(ctx: Ctx) -> Response:
    handover_id = ctx.request.path_params["handover_id"]
    code = ctx.form.get("practice", "")
    practice = next((p for p in ctx.user.practices if p.code == code), None)
    if practice is None or practice.id not in ctx.practice_ids:
        raise NotFound
    reference = orphans.claim(ctx.db, handover_id=handover_id, practice_id=practice.id)
    if reference is None:
        return ctx.redirect("/?fout=opgepakt")
    record(ctx.db, actor=ctx.actor, action="change", object_type="handover", object_id=handover_id,
           reference=reference, practice_code=practice.code,
           detail="crisis zonder praktijk opgepakt en aan deze praktijk toegewezen")
    return ctx.redirect(f"/handovers/{handover_id}?melding=opgepakt")
