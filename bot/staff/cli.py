"""`intake staff add` and `intake audit`. Imports stay cheap: the work happens in handlers."""

from __future__ import annotations

import json
import sys


def register(subparsers) -> dict:
    staff = subparsers.add_parser("staff", help="staff accounts for the web workspace")
    staff_sub = staff.add_subparsers(dest="staff_command", required=True)
    add = staff_sub.add_parser("add", help="add a staff account (password from INTAKE_STAFF_PASSWORD or a prompt)")
    add.add_argument("--email", required=True)
    add.add_argument("--practice", required=True, action="append",
                     help="practice code; repeat for a worker at several practices")
    add.add_argument("--role", required=True, choices=["worker", "admin"])
    add.add_argument("--json", action="store_true", help='print {"email", "totp_secret"}')
    staff_sub.add_parser("list", help="list staff accounts").add_argument("--json", action="store_true")
    audit = subparsers.add_parser("audit", help="the NEN 7513 access log")
    audit.add_argument("--json", action="store_true")
    audit.add_argument("--limit", type=int, default=1000)
    return {"staff": cmd_staff, "audit": cmd_audit}


def _password(settings) -> str | None:
    if settings.staff_password:
        return settings.staff_password
    if not sys.stdin.isatty():
        print("intake: set INTAKE_STAFF_PASSWORD or run this in a terminal to type the password",
              file=sys.stderr)
        return None
    import getpass

    first = getpass.getpass("Wachtwoord: ")
    if getpass.getpass("Nog een keer: ") != first:
        print("intake: the passwords differ", file=sys.stderr)
        return None
    return first


def cmd_staff(args, settings) -> int:
    from bot.staff.accounts import AccountError, create_user, list_users, totp_uri
    from bot.staff.audit import Actor, record
    from bot.store.db import Store
    from bot.store.migrate import upgrade

    upgrade(settings)
    store = Store(settings)
    try:
        if args.staff_command == "list":
            with store.session() as s:
                rows = [{"email": u.email, "role": u.role, "active": u.active,
                         "practices": [p.code for p in u.practices]} for u in list_users(s)]
            if args.json:
                print(json.dumps(rows, ensure_ascii=False))
            else:
                for r in rows:
                    print(f"{r['email']:<40} {r['role']:<7} {','.join(r['practices'])}")
            return 0
        password = _password(settings)
        if password is None:
            return 2
        try:
            with store.session() as s:
                user, secret = create_user(s, cipher=store.cipher, email=args.email, password=password,
                                           role=args.role, practice_codes=args.practice)
                record(s, actor=Actor(None, "cli"), action="account_create", object_type="staff_user",
                       object_id=user.id, detail=f"{user.email} ({user.role})")
                email = user.email
        except AccountError as exc:
            print(f"intake: {exc}", file=sys.stderr)
            return 2
        if args.json:
            print(json.dumps({"email": email, "totp_secret": secret}))
        else:
            print(f"account {email} added. Enrol this in an authenticator app:")
            print(f"  secret: {secret}")
            print(f"  uri:    {totp_uri(secret, email)}")
        return 0
    finally:
        store.dispose()


def cmd_audit(args, settings) -> int:
    from bot.staff.audit import as_dict, list_events
    from bot.store.db import Store

    store = Store(settings)
    try:
        with store.session() as s:
            rows = [as_dict(e) for e in list_events(s, limit=args.limit)]
    finally:
        store.dispose()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        for r in rows:
            print(f"{r['at']} {r['user']:<30} {r['action']:<14} {r['object_type']} {r['object_id']} {r['reference']}")
    return 0
