"""``intake qr <practice-code>``: a PNG QR code of the practice's Telegram deep link.

The link is ``https://t.me/<bot username>?start=<CODE>``; scanning it opens the bot with
``/start <CODE>``, which preselects the practice. Print it for a poster in the waiting room.
Imports stay cheap: segno and the database are loaded only when the command runs.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

log = logging.getLogger("intake.qr")

# Telegram allows A-Z, a-z, 0-9, _ and - in a start parameter, up to 64 characters.
_CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_USERNAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")


def deep_link(bot_username: str, practice_code: str) -> str:
    username = bot_username.lstrip("@")
    if not _USERNAME_RE.match(username):
        raise ValueError(f"{bot_username!r} is not a Telegram bot username (set INTAKE_TELEGRAM_BOT_USERNAME)")
    if not _CODE_RE.match(practice_code):
        raise ValueError(f"{practice_code!r} cannot be a Telegram start parameter (A-Z, 0-9, _ and -)")
    return f"https://t.me/{username}?start={practice_code.upper()}"


def write_qr(link: str, path: Path, scale: int = 10) -> Path:
    import segno

    path.parent.mkdir(parents=True, exist_ok=True)
    # Error correction level M survives a crease or a bit of tape on a poster.
    segno.make(link, error="m", micro=False).save(str(path), kind="png", scale=scale, border=4)
    return path


def register(subparsers) -> dict:
    p = subparsers.add_parser("qr", help="write a PNG QR code of a practice's Telegram link")
    p.add_argument("practice_code", help="the practice code, e.g. LINDE")
    p.add_argument("--out", "-o", help="the PNG file to write (default: qr-<CODE>.png)")
    p.add_argument("--scale", type=int, default=10, help="pixels per module (default 10)")
    return {"qr": cmd_qr}


def cmd_qr(args, settings) -> int:
    code = args.practice_code.upper()
    try:
        link = deep_link(settings.telegram_bot_username, code)
    except ValueError as exc:
        print(f"intake qr: {exc}", file=sys.stderr)
        return 2
    from bot.store.db import Store
    from bot.store.repo import practice_by_code

    store = Store(settings)
    try:
        with store.session() as s:
            practice = practice_by_code(s, code=code)
            name = practice.name if practice is not None else None
    except Exception as exc:
        print(f"intake qr: cannot read the practices ({type(exc).__name__}); run `intake db upgrade`", file=sys.stderr)
        return 1
    finally:
        store.dispose()
    if name is None:
        print(f"intake qr: no practice with code {code}; see `intake practices`", file=sys.stderr)
        return 1
    out = Path(args.out) if args.out else Path(f"qr-{code}.png")
    write_qr(link, out, scale=max(1, args.scale))
    log.info("QR code for %s written", code)
    print(f"{out}\t{link}")
    return 0
