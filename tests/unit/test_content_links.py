"""Every link the bot sends is on the table of trusted sources (bot/content/links.py), in every
language, and every theme answer has exactly one."""

import re

import pytest
from babel.messages.pofile import read_po

from bot.config import PROJECT_ROOT
from bot.content.links import URLS, unknown_links, urls_in

LOCALES = PROJECT_ROOT / "locales"


def pot_messages() -> list[tuple[str, list[str]]]:
    with open(LOCALES / "messages.pot", "rb") as fh:
        return [(m.id, [c for c in m.auto_comments]) for m in read_po(fh) if m.id]


def test_every_link_in_every_text_is_on_the_table():
    bad = {msgid[:60]: unknown_links(msgid) for msgid, _ in pot_messages() if unknown_links(msgid)}
    assert not bad, f"links not on bot/content/links.py: {bad}"


def test_every_theme_answer_has_one_link():
    answers = [(msgid, c) for msgid, c in pot_messages() if any(re.match(r"utter_theme_\w+$", x) for x in c)
               and "voor wie schrijf je" not in msgid.lower()]
    assert len(answers) >= 9
    for msgid, _ in answers:
        assert len(urls_in(msgid)) == 1, msgid[:80]


@pytest.mark.parametrize("po", sorted(LOCALES.glob("*/LC_MESSAGES/messages.po")), ids=lambda p: p.parts[-3])
def test_translations_keep_the_same_links(po):
    with open(po, "rb") as fh:
        catalog = read_po(fh)
    for message in catalog:
        if message.id and message.string:
            assert sorted(urls_in(message.string)) == sorted(urls_in(message.id)), message.id[:60]


def test_the_table_has_only_https_addresses_of_dutch_sources():
    assert all(u.startswith("https://www.") for u in URLS)
