"""Sending to Telegram: splitting, keyboards, documents, 429 retry, staff alerts, QR codes.

A real python-telegram-bot ExtBot talks HTTP to our fake Bot API server on loopback.
"""

from __future__ import annotations

import time

import pytest
from telegram.ext import AIORateLimiter, ExtBot

from bot.alerts import LogAlertSink, TelegramAlertSink, build_alert_sink
from bot.channels.telegram import send_reply
from bot.channels.telegram_format import CallbackStore
from bot.replies import Button, Document, Reply
from tests.fakes.telegram_api import FakeTelegram

CHAT = 4242


@pytest.fixture
def fake():
    f = FakeTelegram().start()
    yield f
    f.stop()


def ext_bot(fake: FakeTelegram) -> ExtBot:
    return ExtBot(fake.token, base_url=f"{fake.base_url}/bot{{token}}",
                  base_file_url=f"{fake.base_url}/file/bot{{token}}",
                  rate_limiter=AIORateLimiter(max_retries=3))


async def test_long_reply_is_sent_in_parts_with_the_keyboard_on_the_last(fake):
    text = "Een zin over piekeren en slapen. " * 300  # ~9,900 characters
    reply = Reply(text, (Button("Ja", "/affirm"), Button("Nee", "/deny")))
    async with ext_bot(fake) as bot:
        await send_reply(bot, CHAT, reply, CallbackStore())
    sent = fake.sent(CHAT)
    assert len(sent) == 3
    assert all(len(m["text"]) <= 4096 for m in sent)
    assert "reply_markup" not in sent[0] and "reply_markup" not in sent[1]
    assert [row[0]["callback_data"] for row in sent[2]["reply_markup"]["inline_keyboard"]] == ["/affirm", "/deny"]
    assert all("parse_mode" not in c.params for c in fake.calls_of("sendMessage")), "plain text: no markup injection"


async def test_reply_text_with_markup_characters_is_sent_verbatim(fake):
    async with ext_bot(fake) as bot:
        await send_reply(bot, CHAT, Reply("<b>niet vet</b> & *ook niet*"), CallbackStore())
    assert fake.sent(CHAT)[0]["text"] == "<b>niet vet</b> & *ook niet*"


async def test_document_reply_is_sent_with_send_document(fake):
    ics = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    reply = Reply("Je afspraak staat in je agenda:", document=Document("afspraak.ics", "text/calendar", ics))
    async with ext_bot(fake) as bot:
        await send_reply(bot, CHAT, reply, CallbackStore())
    docs = fake.calls_of("sendDocument")
    assert len(docs) == 1
    assert docs[0].params["document"] == {"filename": "afspraak.ics", "content": ics}
    sent = fake.sent(CHAT)
    assert sent[0]["text"] == "Je afspraak staat in je agenda:"
    assert sent[1]["document"]["file_name"] == "afspraak.ics"


async def test_429_retry_after_is_honoured(fake):
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    async with ext_bot(fake) as bot:
        started = time.monotonic()
        await send_reply(bot, CHAT, Reply("Hoi"), CallbackStore())
        waited = time.monotonic() - started
    attempts = fake.calls_of("sendMessage")
    assert [c.status for c in attempts] == [429, 200]
    assert waited >= 1.0
    assert fake.sent(CHAT)[0]["text"] == "Hoi"


class DroppingBot:
    """Stands for the Bot API client: the first ``drops`` calls fail with ``error``."""

    def __init__(self, error: Exception, drops: int = 1):
        self.error, self.drops, self.calls = error, drops, 0

    async def send_message(self, chat_id, text, reply_markup=None):
        self.calls += 1
        if self.calls <= self.drops:
            raise self.error
        return {"chat_id": chat_id, "text": text}


async def test_a_reply_whose_connection_dropped_is_sent_again_but_a_timeout_or_a_refusal_is_not():
    from telegram.error import BadRequest, NetworkError, TimedOut

    dropped = DroppingBot(NetworkError("httpx.RemoteProtocolError: Server disconnected without sending a response."))
    assert await send_reply(dropped, CHAT, Reply("Eén moment alsjeblieft."), CallbackStore()) == [
        {"chat_id": CHAT, "text": "Eén moment alsjeblieft."}]
    assert dropped.calls == 2
    for error in (TimedOut("Timed out"), BadRequest("Chat not found")):
        bot = DroppingBot(error)
        with pytest.raises(type(error)):
            await send_reply(bot, CHAT, Reply("Hoi"), CallbackStore())
        assert bot.calls == 1, f"{type(error).__name__} may have reached Telegram or will fail again"
    down = DroppingBot(NetworkError("httpx.ConnectError: refused"), drops=10)
    with pytest.raises(NetworkError):
        await send_reply(down, CHAT, Reply("Hoi"), CallbackStore())
    assert down.calls == 3


def _queue_crisis(store, category: str = "suicide") -> str:
    from bot.store import repo

    with store.session() as s:
        conv = repo.get_or_create_conversation(s, channel="telegram", external_id="99")
        repo.add_message(s, conversation=conv, cipher=store.cipher, direction="in", text="geheime tekst")
        repo.record_crisis(s, conversation=conv, category=category, source="screen")
        repo.queue_staff_alert(s, conversation=conv, kind="crisis",
                               text=f"Crisis-signaal in gesprek {conv.reference} (categorie: {category}).")
        return conv.reference


async def test_staff_alert_goes_to_the_staff_chat_with_reference_and_category_only(fake, settings, store):
    from bot.store.models import StaffAlert

    reference = _queue_crisis(store)
    settings = settings.with_overrides(staff_alert_chat="-100777")
    async with ext_bot(fake) as bot:
        sink = build_alert_sink(settings, store, bot)
        assert isinstance(sink, TelegramAlertSink)
        await sink.crisis(reference=reference, category="suicide")
        await sink.crisis(reference=reference, category="suicide")  # nothing new: nothing sent twice
    sent = fake.sent(-100777)
    assert len(sent) == 1
    assert reference in sent[0]["text"] and "suicide" in sent[0]["text"]
    assert "geheime tekst" not in sent[0]["text"]
    assert fake.calls_of("sendMessage")[0].params["parse_mode"] == "HTML"
    with store.session() as s:
        assert all(a.sent_at is not None for a in s.query(StaffAlert).all())


async def test_staff_alert_without_an_outbox_row_is_still_sent(fake, settings, store):
    settings = settings.with_overrides(staff_alert_chat="-100777")
    async with ext_bot(fake) as bot:
        await build_alert_sink(settings, store, bot).crisis(reference="<onbekend>", category="violence")
    assert "&lt;onbekend&gt;" in fake.calls_of("sendMessage")[0].params["text"]


async def test_staff_alert_without_a_chat_only_logs_and_keeps_the_outbox(settings, store, caplog):
    from bot.store.models import StaffAlert

    reference = _queue_crisis(store)
    sink = build_alert_sink(settings, store, bot=None)
    assert isinstance(sink, LogAlertSink)
    with caplog.at_level("WARNING"):
        await sink.crisis(reference=reference, category="suicide")
    assert reference in caplog.text and "geheime tekst" not in caplog.text
    with store.session() as s:
        assert all(a.sent_at is None for a in s.query(StaffAlert).all())


def test_qr_link_and_png(tmp_path):
    from bot.qr import deep_link, write_qr

    link = deep_link("@JeugdintakeBot", "linde")
    assert link == "https://t.me/JeugdintakeBot?start=LINDE"
    path = write_qr(link, tmp_path / "qr.png")
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError):
        deep_link("JeugdintakeBot", "LIN DE")


def test_intake_qr_command_writes_the_png_for_a_known_practice(settings, store, tmp_path, capsys):
    import argparse

    from bot.qr import cmd_qr
    from bot.store.seed import seed_demo

    with store.session() as s:
        seed_demo(s)
    out = tmp_path / "linde.png"
    assert cmd_qr(argparse.Namespace(practice_code="linde", out=str(out), scale=4), settings) == 0
    assert out.read_bytes()[:4] == b"\x89PNG"
    assert capsys.readouterr().out.strip().endswith("https://t.me/JeugdintakeBot?start=LINDE")
    assert cmd_qr(argparse.Namespace(practice_code="NOPE", out=None, scale=4), settings) == 1
