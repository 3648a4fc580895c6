"""Catalogs are up to date and complete; dates are Dutch and in Europe/Amsterdam."""

import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.pofile import read_po

from bot.config import CARD_ONLY_LANGUAGES, PROJECT_ROOT
from bot.content.first_contact import FIRST_CONTACT_LANGUAGES, FIRST_CONTACT_MSGIDS, NATIVE_NAMES
from bot.i18n import format_long_time, format_slot_time
from bot.safety.replies import CARD_MSGIDS

PYBABEL = str(Path(sys.executable).parent / "pybabel")


def _msgids(path: Path) -> set[str]:
    with open(path, "rb") as fh:
        return {m.id for m in read_po(fh) if m.id}


def test_messages_pot_is_up_to_date_with_code_and_domain(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run([PYBABEL, "extract", "-F", "babel.cfg", "--no-location", "--omit-header", "-o", str(fresh), "."],
                   cwd=PROJECT_ROOT, check=True, capture_output=True)
    committed = _msgids(PROJECT_ROOT / "locales" / "messages.pot")
    current = _msgids(fresh)
    assert current == committed, (
        "locales/messages.pot is stale; run `make update-locales` and translate. "
        f"new: {sorted(current - committed)[:5]} gone: {sorted(committed - current)[:5]}"
    )


def test_every_language_translates_every_message_without_fuzzy_entries():
    """Conversation languages translate everything; crisis-card languages (the first crisis reply
    and the check-in speak them, then the conversation goes on in Dutch or English) translate
    every text of the card."""
    pot = _msgids(PROJECT_ROOT / "locales" / "messages.pot")
    card = set(CARD_MSGIDS)
    # First contact in these languages: who the bot is, what it does, the interpreter request,
    # and the languages' own names in the /taal menu.
    first_contact = set(FIRST_CONTACT_MSGIDS) | set(NATIVE_NAMES.values())
    for po_path in (PROJECT_ROOT / "locales").glob("*/LC_MESSAGES/messages.po"):
        with open(po_path, "rb") as fh:
            catalog = read_po(fh)
        language = po_path.parts[-3]
        required = pot
        if language in CARD_ONLY_LANGUAGES:
            required = card | (first_contact if language in FIRST_CONTACT_LANGUAGES else set())
        missing = [m.id for m in catalog if m.id in required and not m.string]
        fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
        ids = {m.id for m in catalog if m.id}
        assert not (pot - ids), f"{po_path}: not merged, run `make update-locales`: {sorted(pot - ids)[:3]}"
        # Stale: entries for texts the bot no longer says (left over after a change of wording).
        assert not (ids - pot), f"{po_path}: stale entries, run `make update-locales`: {sorted(ids - pot)[:3]}"
        assert not catalog.obsolete, f"{po_path}: obsolete (#~) entries: {list(catalog.obsolete)[:3]}"
        assert not missing, f"{po_path}: {len(missing)} untranslated, e.g. {missing[:3]}"
        assert not fuzzy, f"{po_path}: fuzzy entries {fuzzy[:3]}"


def test_every_crisis_card_language_has_a_catalog():
    for language in ("en", *CARD_ONLY_LANGUAGES):
        assert (PROJECT_ROOT / "locales" / language / "LC_MESSAGES" / "messages.po").exists(), language


def test_english_is_present():
    assert (PROJECT_ROOT / "locales" / "en" / "LC_MESSAGES" / "messages.po").exists()


def test_slot_time_is_short_dutch_in_amsterdam_time():
    # 24 November 2026 13:00 UTC is 14:00 in Amsterdam (winter time).
    assert format_slot_time(datetime(2026, 11, 24, 13, 0, tzinfo=timezone.utc)) == "di 24 nov 14:00"


def test_long_time_in_summer_uses_summer_offset():
    assert format_long_time(datetime(2026, 6, 2, 12, 0, tzinfo=timezone.utc)) == "dinsdag 2 juni om 14:00"


def test_every_first_contact_language_has_a_catalog_with_its_texts():
    from bot.config import CARD_ONLY_LANGUAGES

    assert set(FIRST_CONTACT_LANGUAGES) <= set(CARD_ONLY_LANGUAGES)  # i18n loads their catalogs
    for language in FIRST_CONTACT_LANGUAGES:
        with open(PROJECT_ROOT / "locales" / language / "LC_MESSAGES" / "messages.po", "rb") as fh:
            catalog = read_po(fh)
        for msgid in FIRST_CONTACT_MSGIDS:
            assert catalog[msgid].string and catalog[msgid].string != msgid, (language, msgid[:40])
