"""Arabic, Turkish, Polish and Ukrainian catalogs translate the crisis card and the first contact
only; every other entry in them is empty. Here: a conversation never speaks those languages (so
the waiting-time check-in, the safety plan and the rest are Dutch or English), every text that
*is* shown in them is translated (found by rendering, not from the hand-kept msgid lists the
catalog test trusts), and an empty entry falls back to the Dutch text, never to nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.config import CARD_ONLY_LANGUAGES, PROJECT_ROOT
from bot.i18n import normalise_language, translator


def catalog(language: str):
    with open(PROJECT_ROOT / "locales" / language / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh)


@pytest.mark.parametrize("language", CARD_ONLY_LANGUAGES)
def test_a_conversation_never_speaks_a_card_only_language(store, language):
    from bot.conversation.model import ConversationRef
    from bot.conversation.transcript import TranscriptStore
    from bot.store import repo

    assert normalise_language(language) == "nl"
    with store.session() as s:
        conv = repo.get_or_create_conversation(s, channel="terminal", external_id=f"taal-{language}",
                                               cipher=store.cipher)
        ref = ConversationRef(id=conv.id, reference=conv.reference, sender_id=conv.sender_id, language="nl")
    assert TranscriptStore(store).set_language(ref, language) == "nl"  # /taal with its code: Dutch


@pytest.mark.parametrize("language", CARD_ONLY_LANGUAGES)
def test_every_text_shown_in_a_card_only_language_is_translated(monkeypatch, language):
    """Render everything that is ever said in these languages (every crisis card, the answer to
    "Nee, niet veilig", the huisartsenpost line, the first contact and the interpreter request)
    and check each text it looked up in the catalog: a Dutch line in an Arabic card is a defect
    the catalog test cannot see when the text is missing from CARD_MSGIDS."""
    from bot import i18n
    from bot.content import first_contact as fc
    from bot.safety import replies as R

    looked_up: set[str] = set()
    real = i18n.gettext

    def recording(lang: str, message: str) -> str:
        if lang == language:
            looked_up.add(message)
        return real(lang, message)

    monkeypatch.setattr("bot.replies.gettext", recording)
    for category in R.CATEGORIES:
        for about in ("self", "child", "other"):
            R.crisis_replies(category, language, about)
            R.not_safe_reply(language, category, about)
    R.huisartsenpost_reply(language, name="Huisartsenpost Utrecht", phone="+31880130130")
    if language in fc.FIRST_CONTACT_LANGUAGES:
        fc.card(language, practice_name="De Linde")
        fc.interpreter_asked(language, practice_name="De Linde", phone="")
        fc.interpreter_asked(language, practice_name="De Linde", phone="030 123 45 67")
    assert looked_up, "nothing was rendered"
    translated = {m.id for m in catalog(language) if m.id and m.string}
    untranslated = sorted(m[:60] for m in looked_up - translated)
    assert not untranslated, f"{language}: shown but not translated: {untranslated[:3]}"


@pytest.mark.parametrize("language", CARD_ONLY_LANGUAGES)
def test_an_empty_entry_shows_the_dutch_text_never_nothing(language):
    from bot.waiting import texts as T

    empty = [m.id for m in catalog(language) if m.id and not m.string and isinstance(m.id, str)]
    assert T.PLAN_INTRO in empty and T.CHECKIN_NO_NEED in empty  # the waiting texts are among them
    gettext = translator(language, Path(PROJECT_ROOT / "locales")).gettext
    for msgid in empty:
        assert gettext(msgid) == msgid, msgid[:60]
