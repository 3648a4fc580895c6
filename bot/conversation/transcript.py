"""The conversation's stored side: the encrypted transcript and the conversation row.

Synchronous on purpose (the service runs it in a thread): one short transaction per call.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.conversation.model import ConversationRef, Inbound
from bot.i18n import normalise_language
from bot.replies import Reply
from bot.store import repo
from bot.store.models import Conversation, Message

# How many offered button payloads a conversation remembers (the newest win).
OFFERED_KEEP = 120


def last_bot_text(store, conversation_id: int) -> str | None:
    """The bot's last message in a conversation, decrypted (None before the bot said anything): the
    question a typed answer answers."""
    with store.session() as s:
        body = s.execute(
            select(Message.body).where(Message.conversation_id == conversation_id, Message.direction == "out")
            .order_by(Message.id.desc()).limit(1)
        ).scalar()
    return None if body is None else store.cipher.decrypt(body)


def _ref(conv: Conversation, huisartsenpost: tuple[str, str] | None = None) -> ConversationRef:
    return ConversationRef(
        id=conv.id, reference=conv.reference, sender_id=conv.sender_id, language=conv.language,
        practice_id=conv.practice_id, huisartsenpost=huisartsenpost,
    )


def _practice_entities(practice) -> dict:
    return {"practice_code": practice.code, "practice_name": practice.name, "worker_title": practice.worker_title}


def transcript_text(reply: Reply) -> str:
    """How a reply reads in the transcript: its text and the titles of its buttons."""
    if not reply.buttons:
        return reply.text
    return reply.text + "\n" + " | ".join(f"[{b.title}]" for b in reply.buttons)


def remember_offered(conv: Conversation, replies: list[Reply], cipher) -> None:
    """Keep the keyed hashes of the buttons these replies offer (a press counts only then)."""
    offered = [cipher.lookup_hash(b.payload) for reply in replies for b in reply.buttons]
    if offered:
        known = [h for h in (conv.offered or "").split() if h not in offered]
        conv.offered = " ".join((known + list(dict.fromkeys(offered)))[-OFFERED_KEEP:])


class TranscriptStore:
    def __init__(self, store, default_language: str = "nl"):
        self.store = store
        self.default_language = default_language

    def store_inbound(self, inbound: Inbound, text: str, *, crisis: bool = False) -> tuple[ConversationRef, int]:
        """Store the inbound message before anything processes it; return the conversation and
        the id of the stored line (its replies are linked to it)."""
        with self.store.session() as s:
            conv = repo.get_or_create_conversation(
                s, channel=inbound.channel, external_id=inbound.external_id, language=self.default_language,
                cipher=self.store.cipher,
            )
            body = text if inbound.kind in ("text", "button") else f"[{inbound.kind}]"
            line = repo.add_message(
                s, conversation=conv, cipher=self.store.cipher, direction="in",
                text=body, kind=inbound.kind if inbound.button is None else "button",
            )
            s.flush()
            # Only a crisis reply needs the practice (its huisartsenpost): no extra query otherwise.
            practice = conv.practice if crisis and conv.practice_id is not None else None
            hap = (practice.huisartsenpost_name, practice.huisartsenpost_phone) if practice is not None else None
            return _ref(conv, hap), line.id

    def store_outbound(self, conv: ConversationRef, replies: list[Reply], *, reply_to: int | None = None) -> None:
        """The turn's replies, in one transaction, and the buttons they offered. ``reply_to``: the
        inbound line they answer (None for a message the bot sends of itself)."""
        cipher = self.store.cipher
        with self.store.session() as s:
            c = s.get(Conversation, conv.id)
            for reply in replies:
                repo.add_message(s, conversation=c, cipher=cipher, direction="out",
                                 text=transcript_text(reply), kind=reply.kind, reply_to=reply_to)
            remember_offered(c, replies, cipher)

    def was_offered(self, conv: ConversationRef, payload: str) -> bool:
        with self.store.session() as s:
            c = s.get(Conversation, conv.id)
            known = set((c.offered or "").split()) if c is not None else set()
            # Under any configured key, so a key rotation does not turn buttons stale.
            return any(h in known for h in self.store.cipher.lookup_hashes(payload))

    def reset(self, conv: ConversationRef) -> None:
        """``/stop``: a fresh Rasa conversation for this person; the transcript stays."""
        with self.store.session() as s:
            c = s.get(Conversation, conv.id)
            repo.reset_conversation(s, c)
            conv.sender_id = c.sender_id

    def select_practice(self, conv: ConversationRef, code: str) -> dict | None:
        """Link the conversation to this practice. One practice per conversation: when it
        belongs to another one, a new conversation starts (``conv`` then names the new one and
        the result says ``"started_over": True``)."""
        with self.store.session() as s:
            practice = repo.practice_by_code(s, code=code)
            if practice is None:
                return None
            c = s.get(Conversation, conv.id)
            started_over = c.practice_id is not None and c.practice_id != practice.id
            if started_over:
                c = repo.start_over(s, c)
                conv.id, conv.reference, conv.sender_id = c.id, c.reference, c.sender_id
            repo.set_practice(s, c, practice.id)
            conv.practice_id = practice.id
            return {**_practice_entities(practice), "started_over": started_over}

    def practice_of(self, conv: ConversationRef) -> dict | None:
        """The conversation's practice as /start entities, or None."""
        from bot.store.models import Practice

        if not conv.practice_id:
            return None
        with self.store.session() as s:
            practice = s.get(Practice, conv.practice_id)
            return _practice_entities(practice) if practice is not None else None

    def set_language(self, conv: ConversationRef, language: str) -> str:
        language = normalise_language(language)
        with self.store.session() as s:
            c = s.get(Conversation, conv.id)
            c.language = language
        conv.language = language
        return language

    def recent_inbound(self, conv: ConversationRef, limit: int = 400) -> list[str]:
        """The person's last ``limit`` messages (typed text or pressed payload), newest first."""
        with self.store.session() as s:
            bodies = s.execute(
                select(Message.body).where(Message.conversation_id == conv.id, Message.direction == "in")
                .order_by(Message.id.desc()).limit(limit)
            ).scalars().all()
        return [self.store.cipher.decrypt(body) for body in bodies]

    def record_crisis(self, conv: ConversationRef, category: str, source: str, listeners) -> None:
        with self.store.session() as s:
            c = s.get(Conversation, conv.id)
            repo.record_crisis(s, conversation=c, category=category, source=source)
            if c.practice_id is not None:
                repo.queue_staff_alert(s, conversation=c, kind="crisis",
                                       text=f"Crisis-signaal in gesprek {c.reference} (categorie: {category}).")
            else:
                # No practice chosen yet: the alert points to the queue every practice sees.
                repo.queue_staff_alert(
                    s, conversation=c, kind="crisis_unassigned",
                    text=f"Crisis-signaal in gesprek {c.reference} (categorie: {category}), nog zonder "
                         "praktijk. Pak het op in de werkplek, bovenaan de inbox onder "
                         "'Crisissignalen zonder praktijk'.")
        # Each listener in its own transaction, so a failing one never loses the crisis event.
        for listener in listeners:
            with self.store.session() as s:
                listener(s, conversation_id=conv.id, category=category, cipher=self.store.cipher)
