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
    invite = staff_sub.add_parser("invite", help="an account with a one-time enrolment link (the person sets "
                                                 "their own password and authenticator)")
    invite.add_argument("--email", required=True)
    invite.add_argument("--practice", required=True, action="append")
    invite.add_argument("--role", required=True, choices=["worker", "admin"])
    invite.add_argument("--base-url", help="the staff web's public address (default: the bot app's own)")
    invite.add_argument("--json", action="store_true", help='print {"email", "link"}')
    reset = staff_sub.add_parser("reset", help="a lost phone or password: a new enrolment link; the old "
                                               "password and authenticator stop working")
    reset.add_argument("--email", required=True)
    reset.add_argument("--base-url")
    reset.add_argument("--json", action="store_true")
    staff_sub.add_parser("list", help="list staff accounts").add_argument("--json", action="store_true")
    audit = subparsers.add_parser("audit", help="the NEN 7513 access log (`intake audit verify`: check its hash chain)")
    audit.add_argument("audit_command", nargs="?", choices=["list", "verify"], default="list")
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
        if args.staff_command in ("invite", "reset"):
            return _invite_or_reset(args, settings, store)
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
    from bot.staff.audit import as_dict, cli_actor, list_events, record, verify_chain
    from bot.store.db import Store

    store = Store(settings)
    try:
        with store.session() as s:
            if args.audit_command == "verify":
                check = verify_chain(s)
                if args.json:
                    print(json.dumps({"rows": check.rows, "ok": check.ok, "broken_at": check.broken_at}))
                elif check.ok:
                    print(f"the audit log is intact: {check.rows} rows, every link checks")
                else:
                    print(f"the audit log was changed: row {check.broken_at} does not follow the row before it "
                          f"({check.rows} rows checked before it)")
                return 0 if check.ok else 1
            rows = [as_dict(e) for e in list_events(s, limit=args.limit)]
            # Reading the access log is itself an access (it names whose data was seen).
            record(s, actor=cli_actor(), action="view", object_type="audit_log", detail=f"intake audit: {len(rows)}")
    finally:
        store.dispose()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        for r in rows:
            print(f"{r['at']} {r['user']:<30} {r['action']:<14} {r['object_type']} {r['object_id']} {r['reference']}")
    return 0


def _invite_or_reset(args, settings, store) -> int:
    from sqlalchemy import select

    from bot.staff.accounts import AccountError, invite_user, normalise_email, reset_enrolment
    from bot.staff.audit import cli_actor, record
    from bot.store.models_staff import StaffUser

    try:
        with store.session() as s:
            if args.staff_command == "invite":
                user, token = invite_user(s, cipher=store.cipher, email=args.email, role=args.role,
                                          practice_codes=args.practice)
                detail = f"{user.email} ({user.role}); inlog-link gemaakt"
                action = "account_create"
            else:
                user = s.execute(select(StaffUser).where(StaffUser.email == normalise_email(args.email))
                                 ).scalar_one_or_none()
                if user is None:
                    raise AccountError(f"no account for {args.email}")
                token = reset_enrolment(s, cipher=store.cipher, user=user)
                detail, action = f"{user.email}: nieuwe inlog-link; wachtwoord en authenticator vervallen", "change"
            record(s, actor=cli_actor(), action=action, object_type="staff_user", object_id=user.id, detail=detail)
            email = user.email
    except AccountError as exc:
        print(f"intake: {exc}", file=sys.stderr)
        return 2
    link = f"{(args.base_url or settings.web_url).rstrip('/')}/staff/welkom/{token}"
    if args.json:
        print(json.dumps({"email": email, "link": link}))
    else:
        print(f"enrolment link for {email} (works once, for 72 hours; hand it over safely):")
        print(f"  {link}")
    return 0
