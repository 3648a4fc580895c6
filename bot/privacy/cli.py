"""`intake keys …` (and further privacy commands). Imports stay cheap: the work is in handlers."""

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
    return {"keys": cmd_keys}


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
