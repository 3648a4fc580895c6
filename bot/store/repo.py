"""Repository functions: they take the session first and keyword-only arguments."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.crypto import Cipher
from bot.store.models import Conversation, CrisisEvent, Message, Practice, StaffAlert, utcnow

# No 0/O/1/I: references are read aloud over the phone.
_REF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    return "JI-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(6))


def cipher_of(session: Session, cipher: Cipher | None = None) -> Cipher:
    """The cipher given, or the one of the Store that opened this session."""
    found = cipher or session.info.get("cipher")
    if found is None:
        raise RuntimeError("no cipher: pass cipher= or open the session with Store.session()")
    return found


def find_conversation(
    session: Session, *, channel: str, external_id: str, cipher: Cipher | None = None
) -> Conversation | None:
    """The conversation of this channel id, looked up by its keyed hash under any configured key."""
    hashes = cipher_of(session, cipher).lookup_hashes(external_id)
    return session.execute(
        select(Conversation).where(Conversation.channel == channel, Conversation.external_hash.in_(hashes),
                                   Conversation.archived_at.is_(None))
        .order_by(Conversation.id)
    ).scalars().first()


def conversation_by_sender(session: Session, sender_id: str) -> Conversation | None:
    """The conversation Rasa knows by ``sender_id`` (its tracker's sender), or None."""
    return session.execute(select(Conversation).where(Conversation.sender_id == sender_id)).scalar_one_or_none()


def conversations_of(
    session: Session, *, channel: str, external_id: str, cipher: Cipher | None = None
) -> list[Conversation]:
    """Every conversation of this chat: the current one and those archived by a change of practice."""
    hashes = cipher_of(session, cipher).lookup_hashes(external_id)
    return list(session.execute(
        select(Conversation).where(Conversation.channel == channel, Conversation.external_hash.in_(hashes))
        .order_by(Conversation.id)
    ).scalars())


def start_over(session: Session, conv: Conversation) -> Conversation:
    """The person chose another practice: archive this conversation (it stays with its practice,
    its handover keeps only its own messages) and give the chat a new one. The message that
    asked for the change moves along; Rasa's tracker of the old conversation is deleted."""
    from bot.privacy.trackers import delete_trackers

    now = utcnow()
    conv.archived_at = now
    session.flush()
    new = Conversation(
        reference=new_reference(), channel=conv.channel, external_hash=conv.external_hash,
        external_id_enc=conv.external_id_enc, sender_id=f"{conv.channel}-{secrets.token_hex(8)}",
        language=conv.language, created_at=now, updated_at=now,
    )
    session.add(new)
    session.flush()
    last = session.execute(select(Message).where(Message.conversation_id == conv.id, Message.direction == "in")
                           .order_by(Message.id.desc()).limit(1)).scalar_one_or_none()
    if last is not None:
        last.conversation_id = new.id
    delete_trackers(session, [conv.sender_id])
    return new


def get_or_create_conversation(
    session: Session, *, channel: str, external_id: str, language: str = "nl", cipher: Cipher | None = None
) -> Conversation:
    cipher = cipher_of(session, cipher)
    conv = find_conversation(session, channel=channel, external_id=external_id, cipher=cipher)
    if conv is None:
        conv = Conversation(
            reference=new_reference(),
            channel=channel,
            external_hash=cipher.lookup_hash(external_id),
            external_id_enc=cipher.encrypt(external_id),
            sender_id=f"{channel}-{secrets.token_hex(8)}",
            language=language,
        )
        session.add(conv)
        session.flush()
    return conv


def external_id_of(conversation: Conversation, *, cipher: Cipher) -> str:
    """The channel's id for this person (a Telegram chat id), to send a message to."""
    return cipher.decrypt(conversation.external_id_enc)


def set_practice(session: Session, conv: Conversation, practice_id: int) -> None:
    """The person chose (or was linked to) a practice. An open handover that a crisis opened
    before any practice was known moves to it, so it leaves the queue of crises without a
    practice and lands in that practice's inbox."""
    from bot.store.models_handover import Handover

    conv.practice_id = practice_id
    for h in session.execute(
        select(Handover).where(Handover.conversation_id == conv.id, Handover.practice_id.is_(None),
                               Handover.status != "closed")
    ).scalars():
        h.practice_id = practice_id


def reset_conversation(session: Session, conv: Conversation) -> None:
    """Start a fresh Rasa conversation for this person (``/stop``); the transcript stays.

    The old Rasa tracker is deleted at once: nothing reads it again, and a tracker nobody can
    find is one that an erasure request would miss.
    """
    from bot.privacy.trackers import delete_trackers

    delete_trackers(session, [conv.sender_id])
    conv.sender_id = f"{conv.channel}-{secrets.token_hex(8)}"
    conv.updated_at = utcnow()


def add_message(
    session: Session,
    *,
    conversation: Conversation,
    cipher: Cipher,
    direction: str,
    text: str,
    kind: str = "text",
    intent: str | None = None,
    reply_to: int | None = None,
) -> Message:
    msg = Message(
        conversation_id=conversation.id,
        direction=direction,
        kind=kind,
        body=cipher.encrypt(text),
        intent=intent,
        reply_to=reply_to,
    )
    session.add(msg)
    conversation.updated_at = utcnow()
    return msg


@dataclass(frozen=True)
class TranscriptLine:
    direction: str
    kind: str
    text: str
    created_at: object
    author: str | None = None  # a support worker's line: "Sanne de Vries (POH-Jeugd)"


def transcript(session: Session, *, conversation_id: int, cipher: Cipher) -> list[TranscriptLine]:
    rows = session.execute(
        select(Message).where(Message.conversation_id == conversation_id).order_by(Message.id)
    ).scalars()
    return [TranscriptLine(m.direction, m.kind, cipher.decrypt(m.body), m.created_at, m.author) for m in rows]


def practice_by_code(session: Session, *, code: str) -> Practice | None:
    return session.execute(select(Practice).where(Practice.code == code.upper())).scalar_one_or_none()


def list_practices(session: Session) -> list[Practice]:
    return list(session.execute(select(Practice).order_by(Practice.code)).scalars())


def record_crisis(session: Session, *, conversation: Conversation, category: str, source: str) -> CrisisEvent:
    conversation.flagged = True
    conversation.crisis_category = category
    event = CrisisEvent(conversation_id=conversation.id, category=category, source=source)
    session.add(event)
    return event


def queue_staff_alert(session: Session, *, conversation: Conversation | None, kind: str, text: str) -> StaffAlert:
    alert = StaffAlert(conversation_id=conversation.id if conversation else None, kind=kind, text=text)
    session.add(alert)
    return alert
