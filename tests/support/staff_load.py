"""Staff sessions for the staff-web load test in `make bench`: N logged-in workers and the
URLs they read (the inbox and one handover page of their practice)."""

from __future__ import annotations

import re

import httpx
import pyotp

from tests.support.stack import Stack

PASSWORD = "bench-wachtwoord-lang-genoeg"


def _seed(stack: Stack, users: int) -> tuple[list[tuple[str, str]], int]:
    from bot.config import Settings
    from bot.intake.handover import submit_intake
    from bot.intake.record import IntakeRecord
    from bot.staff.accounts import create_user
    from bot.store import repo
    from bot.store.db import Store

    store = Store(Settings.from_env(stack.env))
    accounts = []
    try:
        with store.session() as s:
            practice = repo.practice_by_code(s, code="LINDE")
            conv = repo.get_or_create_conversation(s, channel="terminal", external_id="bench-staff-load")
            conv.practice_id = practice.id
            for line in ("hallo", "mijn zoon van 13 gaat al drie weken niet naar school"):
                repo.add_message(s, conversation=conv, cipher=store.cipher, direction="in", text=line)
            record = IntakeRecord(role="ouder", relation="zoon", age=13, topic="school", themes=["school"],
                                  duration_days=21, heaviness=7, consent_huisarts=True)
            handover = submit_intake(s, conversation_id=conv.id, record=record, cipher=store.cipher)
            handover_id = handover.id
            for i in range(users):
                email = f"bench{i}-{handover_id}@praktijk.example"
                _user, secret = create_user(s, cipher=store.cipher, email=email, password=PASSWORD,
                                            role="worker", practice_codes=["LINDE"])
                accounts.append((email, secret))
    finally:
        store.dispose()
    return accounts, handover_id


async def _login(base: str, email: str, secret: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, timeout=30, follow_redirects=False)
    page = await client.get("/staff/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    resp = await client.post("/staff/login", data={"email": email, "password": PASSWORD,
                                                   "code": pyotp.TOTP(secret).now(), "csrf": csrf})
    if resp.status_code not in (302, 303):
        raise RuntimeError(f"login failed for the load test: HTTP {resp.status_code}")
    return client


async def staff_sessions(stack: Stack, users: int) -> tuple[list[httpx.AsyncClient], dict[str, str]]:
    accounts, handover_id = _seed(stack, users)
    clients = [await _login(stack.web_url, email, secret) for email, secret in accounts]
    return clients, {"inbox": "/staff/", "handover": f"/staff/handovers/{handover_id}"}
