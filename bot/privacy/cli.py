"""`intake keys …`, `intake erase`, `intake export`, `intake retention`. Imports stay cheap:
the work happens in the handlers."""

from __future__ import annotations

import json
import sys


def register(subparsers) -> dict:
    keys = subparsers.add_parser("keys", help="encryption keys: generate, check, rotate")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    keys_sub.add_parser("generate", help="print a new random key for INTAKE_SECRET_KEY")
    check = keys_sub.add_parser("check", help="check that the configured keys read the stored data")
    check.add_argument("--json", action="store_true")
    rotate = keys_sub.add_parser(
        "rotate", help="re-encrypt everything with the first key of INTAKE_SECRET_KEY (new,old)")
    rotate.add_argument("--dry-run", action="store_true", help="count what would change, change nothing")
    rotate.add_argument("--json", action="store_true")

    erase = subparsers.add_parser(
        "erase", help="erase everything of one person (a request by phone or at the desk); audit-logged")
    erase.add_argument("--reference", required=True, help="the conversation reference, e.g. JI-7KQ2MX")
    erase.add_argument("--by", default="", help="who took the request (for the audit log); default: your login")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.add_argument("--json", action="store_true")
    export = subparsers.add_parser(
        "export", help="a readable copy of everything stored about one person; audit-logged")
    export.add_argument("--reference", required=True)
    export.add_argument("--by", default="", help="who took the request (for the audit log); default: your login")
    export.add_argument("--out", help="write to this file (created 0600) instead of stdout")
    export.add_argument("--json", action="store_true", help="machine-readable JSON instead of the text document")

    retention = subparsers.add_parser("retention", help="delete what is past its retention period")
    retention_sub = retention.add_subparsers(dest="retention_command", required=True)
    run = retention_sub.add_parser("run", help="one pass now (the bot app also runs it daily)")
    run.add_argument("--dry-run", action="store_true", help="count what is due, delete nothing")
    run.add_argument("--json", action="store_true")
    show = retention_sub.add_parser("show", help="the periods per practice")
    show.add_argument("--json", action="store_true")
    change = retention_sub.add_parser("set", help="change a practice's periods (in days)")
    change.add_argument("--practice", required=True)
    change.add_argument("--unfinished-days", type=int, help="a conversation that never became a handover")
    change.add_argument("--closed-handover-days", type=int, help="after the handover was closed")
    change.add_argument("--past-appointment-days", type=int, help="after the appointment ended")
    return {"keys": cmd_keys, "erase": cmd_erase, "export": cmd_export, "retention": cmd_retention}


def cmd_retention(args, settings) -> int:
    from bot.privacy import retention
    from bot.store.db import Store
    from bot.store.repo import list_practices, practice_by_code

    store = Store(settings)
    try:
        if args.retention_command == "run":
            report = retention.run(store, dry_run=args.dry_run)
            if args.json:
                print(json.dumps(report.as_dict()))
            else:
                verb = "would delete" if args.dry_run else "deleted"
                print(f"{verb}: " + (", ".join(f"{k}={v}" for k, v in report.deleted.items() if v) or "nothing"))
                if report.open_handovers_to_close:
                    print(f"{report.open_handovers_to_close} handover(s) open for more than "
                          f"{retention.OPEN_WARNING_DAYS} days: close them when they are in the practice's record")
            return 0
        with store.session() as s:
            if args.retention_command == "set":
                practice = practice_by_code(s, code=args.practice)
                if practice is None:
                    print(f"intake: no practice {args.practice!r}", file=sys.stderr)
                    return 2
                try:
                    retention.set_periods(s, practice_id=practice.id, unfinished_days=args.unfinished_days,
                                          closed_handover_days=args.closed_handover_days,
                                          past_appointment_days=args.past_appointment_days)
                except ValueError as exc:
                    print(f"intake: {exc}", file=sys.stderr)
                    return 2
            rows = [{"practice": p.code, **retention.periods_for(s, p.id).__dict__} for p in list_practices(s)]
    finally:
        store.dispose()
    if getattr(args, "json", False):
        print(json.dumps(rows))
    else:
        for r in rows:
            print(f"{r['practice']:<8} unfinished {r['unfinished_days']} d, closed handover "
                  f"{r['closed_handover_days']} d, past appointment {r['past_appointment_days']} d")
    return 0


def _actor(by: str):
    from bot.staff.audit import cli_actor

    return cli_actor(by)


def cmd_erase(args, settings) -> int:
    from bot.privacy.erasure import erase, find_by_reference
    from bot.store.db import Store

    store = Store(settings)
    try:
        with store.session() as s:
            conv = find_by_reference(s, args.reference)
            if conv is None:
                print(f"intake: no conversation {args.reference.upper()} (wrong reference, or already erased)",
                      file=sys.stderr)
                return 1
        if not args.yes:
            if not sys.stdin.isatty():
                print("intake: add --yes to erase without a question (nothing was erased)", file=sys.stderr)
                return 2
            answer = input(f"Erase everything of {args.reference.upper()}? This cannot be undone. Type yes: ")
            if answer.strip().lower() != "yes":
                print("nothing was erased", file=sys.stderr)
                return 1
        with store.session() as s:
            report = erase(s, reference=args.reference, actor=_actor(args.by), via="staff",
                           language=settings.default_language)
    finally:
        store.dispose()
    if report is None:
        print(f"intake: {args.reference.upper()} was erased meanwhile", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report.as_dict()))
    else:
        print(f"erased {report.reference}: " + ", ".join(f"{k}={v}" for k, v in report.deleted.items() if v))
        if report.cancelled_appointments:
            print(f"cancelled {len(report.cancelled_appointments)} upcoming appointment(s); the staff alert "
                  "tells the support worker")
        print("Telegram keeps its own copy of the chat: the person can delete it in Telegram.")
    return 0


def cmd_export(args, settings) -> int:
    import os

    from bot.privacy.erasure import find_by_reference
    from bot.privacy.export import as_json, collect, render_text
    from bot.staff.audit import record
    from bot.store.db import Store

    store = Store(settings)
    try:
        with store.session() as s:
            conv = find_by_reference(s, args.reference)
            if conv is None:
                print(f"intake: no conversation {args.reference.upper()}", file=sys.stderr)
                return 1
            data = collect(s, conv, cipher=store.cipher)
            practice = data["conversation"]["practice_code"] or ""
            language = conv.language or "nl"
            record(s, actor=_actor(args.by), action="export", object_type="conversation", reference=conv.reference,
                   practice_code=practice, detail="kopie van alle gegevens (inzageverzoek)")
    finally:
        store.dispose()
    body = as_json(data) if args.json else render_text(data, language)
    if args.out:
        fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(body)
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(body)
    return 0


def cmd_keys(args, settings) -> int:
    from bot.store.crypto import generate_key

    if args.keys_command == "generate":
        print(generate_key())
        return 0

    from bot.privacy.keys import rotate, verify
    from bot.store.db import Store
    from bot.store.migrate import upgrade

    upgrade(settings)
    store = Store(settings)
    try:
        verify(store)
        report = rotate(store, dry_run=args.keys_command == "check" or args.dry_run)
    finally:
        store.dispose()
    if args.keys_command == "check":
        pending = sum(report.counts.values())
        result = {"key": report.key, "keys_configured": store.cipher.key_count,
                  "values_under_older_keys": pending, "unreadable": report.unreadable}
        if args.json:
            print(json.dumps(result))
        else:
            print(f"first key {report.key}; {store.cipher.key_count} key(s) configured")
            print(f"values still under an older key: {pending}" + ("" if not pending else
                  " (run `intake keys rotate`)"))
            for name, n in report.unreadable.items():
                print(f"UNREADABLE with every configured key: {name}: {n}")
        return 1 if report.unreadable else 0
    if args.json:
        print(json.dumps({"key": report.key, "dry_run": args.dry_run, "reencrypted": report.counts,
                          "unreadable": report.unreadable}))
    else:
        verb = "would re-encrypt" if args.dry_run else "re-encrypted"
        print(f"{verb} with key {report.key}:")
        for name, n in report.counts.items():
            print(f"  {name:<32} {n}")
        for name, n in report.unreadable.items():
            print(f"  UNREADABLE with every configured key: {name}: {n}")
        if not args.dry_run and not report.unreadable:
            print("done: the older keys can now be removed from INTAKE_SECRET_KEY")
    if report.unreadable:
        print("intake: some values are readable with none of the configured keys; keep the old keys "
              "until they are found", file=sys.stderr)
        return 1
    return 0
