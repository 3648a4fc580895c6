"""Test data for the staff workspace: accounts, a handover made by the intake code itself,
and (when booking is in the build) an appointment booked through the booking service."""

from __future__ import annotations

import uuid

import pyotp

PASSWORD = "lang-genoeg-wachtwoord-42"


def fast_hashing(monkeypatch) -> None:
    """Cheap argon2 parameters for tests: the real ones take ~0.3 s per hash on a busy machine."""
    from argon2 import PasswordHasher

    from bot.staff import accounts

    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(accounts, "_dummy_hash", None)


def totp_now(secret: str) -> str:
    return pyotp.TOTP(secret).now()


def add_user(store, *, email: str, practice: str, role: str = "worker", password: str = PASSWORD) -> str:
    """Create an account; returns its TOTP secret."""
    from bot.staff.accounts import create_user

    with store.session() as s:
        _user, secret = create_user(s, cipher=store.cipher, email=email, password=password, role=role,
                                    practice_codes=[practice])
    return secret


def add_handover(store, *, practice: str, lines: list[tuple[str, str]], age: int = 13, heaviness: int = 6,
                 school: str = "geen", duration_days: int = 21, book: bool = True) -> dict:
    """A conversation with these (direction, text) lines and the handover the intake makes.

    Returns {"id", "reference", "conversation_id", "appointment_id"}.
    """
    from bot.intake.handover import submit_intake
    from bot.intake.record import IntakeRecord
    from bot.store.repo import add_message, get_or_create_conversation, practice_by_code

    with store.session() as s:
        p = practice_by_code(s, code=practice)
        conv = get_or_create_conversation(s, channel="terminal", external_id=f"seed-{uuid.uuid4().hex}")
        conv.practice_id = p.id
        for direction, text in lines:
            add_message(s, conversation=conv, cipher=store.cipher, direction=direction, text=text)
        s.flush()
        record = IntakeRecord(
            role="ouder", relation="zoon", age=age, topic="school", themes=["school", "angst"],
            duration_days=duration_days, duration_text="drie weken", school_attendance=school,
            impact_text="Hij slaapt slecht en zit op zijn kamer", impact_areas=["school", "slaap"],
            heaviness=heaviness, help_kinds=["school"], hope="Dat hij weer naar school durft",
            name="Mirjam", contact_method="telegram", consent_parents="ja", consent_huisarts=True,
        )
        h = submit_intake(s, conversation_id=conv.id, record=record, cipher=store.cipher)
        out = {"id": h.id, "reference": conv.reference, "conversation_id": conv.id, "appointment_id": None}
        if book:
            try:
                from bot.booking import service
            except ModuleNotFoundError:
                return out
            slots = service.find_slots(s, practice_id=p.id, limit=1)
            if slots:
                appt = service.book(s, practice_id=p.id, slot_id=slots[0].slot_id, type_code="praktijk",
                                    conversation_id=conv.id, handover_id=h.id)
                out["appointment_id"] = appt.id
    return out
