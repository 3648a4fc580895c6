"""``intake handovers [--json]``: the handovers for operators (no transcript, no answers)."""

from __future__ import annotations

import json


def register(subparsers) -> dict:
    p = subparsers.add_parser("handovers", help="list the intake handovers")
    p.add_argument("--json", action="store_true", help="a JSON list: id, practice, created, urgency, topic, flags, summary, status")
    p.add_argument("--practice", help="only this practice code")
    p.add_argument("--status", choices=["new", "read", "accepted", "closed"], help="only this status")
    return {"handovers": cmd_handovers}


def cmd_handovers(args, settings) -> int:
    from bot.intake.repo import handover_json, list_handovers
    from bot.staff.audit import cli_actor, record
    from bot.store.db import Store
    from bot.store.repo import practice_by_code

    store = Store(settings)
    try:
        with store.session() as s:
            practice_ids = None
            if args.practice:
                practice = practice_by_code(s, code=args.practice)
                practice_ids = [practice.id] if practice else []
            handovers = list_handovers(s, practice_ids=practice_ids,
                                       statuses=[args.status] if args.status else None)
            rows = [handover_json(s, handover=h, cipher=store.cipher) for h in handovers]
            # NEN 7513: the list holds each person's summary, so each is a logged view.
            actor = cli_actor()
            for h in handovers:
                record(s, actor=actor, action="view", object_type="handover", object_id=h.id,
                       reference=h.conversation.reference if h.conversation else "",
                       practice_code=h.practice.code if h.practice else "", detail="intake handovers (CLI)")
    finally:
        store.dispose()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        for r in rows:
            print(f"#{r['id']:<4} {r['created'][:16]} {r['practice'] or '-':<6} {r['urgency']:<8} "
                  f"{r['status']:<8} {r['topic'] or '-'}  [{', '.join(r['flags'])}]")
    return 0
