"""Every Dutch text the bot says is B1: short sentences and a Flesch-Douma score of 60 or more
(bot/content/readability.py). The texts are the msgids of locales/messages.pot, which another
test keeps up to date with the domain responses and every _() text in Python."""

import pytest
from babel.messages.pofile import read_po

from bot.config import PROJECT_ROOT
from bot.content.readability import MAX_SENTENCE_WORDS, plain, read

# Texts for practice staff, not for parents and young people (Telegram staff alerts).
STAFF_FACING = ("<b>Jeugdintake</b>", "Afspraak {when} bij {worker} ({practice}) vervalt")


def dutch_texts() -> list[str]:
    with open(PROJECT_ROOT / "locales" / "messages.pot", "rb") as fh:
        return [m.id for m in read_po(fh) if m.id and not m.id.startswith(STAFF_FACING)]


def test_every_dutch_text_is_b1():
    too_hard = {text[:70]: read(text).problems() for text in dutch_texts() if read(text).problems()}
    assert not too_hard, f"above B1 (rewrite in shorter sentences and shorter words): {too_hard}"


def test_the_check_fails_on_an_official_letter_and_passes_a_plain_text():
    official = ("Indien u in aanmerking wenst te komen voor ondersteuning vanuit de gemeentelijke "
                "jeugdhulpverlening, dient u voorafgaand aan de intakeprocedure een verwijzing van uw "
                "huisarts of jeugdarts te overhandigen.")
    assert read(official).problems()
    simple = "Wil je praten met de {worker_title}? Dat kan. Het is gratis. Kies hieronder een tijd die je past."
    assert not read(simple).problems()


def test_a_long_sentence_fails_even_with_short_words():
    sentence = " ".join(["en dan ga je"] * 6) + "."
    assert read(sentence).longest_sentence > MAX_SENTENCE_WORDS
    assert read(sentence).problems()


def test_the_score_is_textstats_dutch_flesch_on_the_same_plain_text():
    import textstat

    textstat.set_lang("nl")
    text = ("Veel ouders lopen hier weleens tegenaan. Maak met je kind een paar duidelijke afspraken, "
            "bijvoorbeeld over bedtijd en schermtijd.")
    assert read(text).flesch_douma == pytest.approx(textstat.flesch_reading_ease(plain(text)), abs=0.5)


def test_links_placeholders_and_bullets_are_read_as_a_reader_sees_them():
    text = "Wat helpt:\n• Praat met de {worker_title}\n• Kijk op https://www.opvoeden.nl"
    assert plain(text) == "Wat helpt: Praat met de POH-Jeugd. Kijk op."


def test_the_readability_report_prints_the_figures_of_every_text_and_of_the_theme_answers():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, str(PROJECT_ROOT / "scripts" / "readability_report.py"), "--themes"],
                         capture_output=True, text=True, check=True, cwd=PROJECT_ROOT).stdout
    rows = {line.split("|")[1].strip(): line for line in out.splitlines() if line.startswith("| ")}
    assert rows["every Dutch text"].split("|")[2].strip() == str(len(dutch_texts()))
    assert rows["every Dutch text"].rstrip(" |").endswith("| 0")  # none above B1, as the test above says
    assert any(key.startswith("theme answers") for key in rows)
    assert "angst" in out and "flesch_douma=" in out
