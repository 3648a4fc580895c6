"""The crisis screen: normalisation, categories, hard negatives, negation, no side effects."""

import subprocess
import sys

import pytest

from bot.safety import CATEGORIES, Verdict, screen
from bot.safety.normalise import canonical, fuzzy_word


def category(text):
    verdict = screen(text)
    return verdict.category if verdict.crisis else None


# -- the examples the issue names --------------------------------------------------------


@pytest.mark.parametrize("text", [
    "ik wil er niet meer zijn",
    "iedereen is beter af zonder mij",
    "ik wil slapen en nooit meer wakker worden",
])
def test_direct_and_indirect_suicide_signals_are_crisis(text):
    assert category(text) == "suicide"


def test_not_safe_at_home_is_abuse():
    assert category("ik ben niet veilig thuis") == "abuse"


def test_a_parent_saying_the_child_talks_about_dying_is_parent_worry():
    assert category("mijn zoon heeft het steeds over dood willen gaan") == "parent_worry"
    assert category("Onze dochter zei gisteren dat ze er niet meer wil zijn") == "parent_worry"


@pytest.mark.parametrize("text", [
    "ik ga dood van verveling",
    "die toets was killing",
    "ik schrok me dood",
    "de sfeer was om te snijden",
    "hij slaat de deur dicht",
    "opa is dood. gaan wij ook dood?",
    "mijn opa is overleden, waar ga je heen als je dood bent?",
])
def test_hard_negatives_from_the_issue_do_not_fire(text):
    verdict = screen(text)
    assert not verdict.crisis and not verdict.check_in


def test_a_negation_gets_a_check_in_not_the_alarm():
    verdict = screen("ik heb geen gedachten aan zelfmoord")
    assert verdict == Verdict(crisis=False, check_in=True, confidence=0.5, rule="suicide.keyword")


def test_a_negation_in_another_clause_does_not_cancel_the_alarm():
    assert category("ik ben niet boos, maar ik denk wel aan zelfmoord") == "suicide"
    assert category("ik wil niet dood maar ik snij mezelf wel") == "self_harm"


# -- normalisation --------------------------------------------------------------------------


@pytest.mark.parametrize("typed", [
    "IK WIL ER NIET MEER ZIJN",
    "ik wil er niet meeeeer zijn!!!",
    "k wil dr nie meer zijn",
    "ik wil er niet mr zyn",
])
def test_case_repeats_and_chat_spelling_normalise_to_the_same_words(typed):
    assert canonical(typed)[0].rstrip(" !") == "ik wil er niet meer zijn"


@pytest.mark.parametrize("typed", ["z e l f m o o r d", "z.e.l.f.m.o.o.r.d", "z3lfm00rd", "ZELFMOOOORD", "zelfmoort", "zelfmord",
                                   "zlefmoord", "zelf moord", "zelf-moord"])
def test_spaced_leet_stretched_and_misspelled_key_words_are_recognised(typed):
    assert canonical(typed)[0] == "zelfmoord"
    assert category(f"ik denk aan {typed}") == "suicide"


def test_accents_are_removed():
    assert category("ik ben suïcidaal") == "suicide"


def test_spaced_letters_that_run_into_a_sentence_still_find_the_key_word():
    assert category("ik wil d o o d") == "suicide"


def test_fuzzy_matching_never_turns_a_common_word_into_a_key_word():
    # one letter apart from a key word, and ordinary Dutch
    for word in ("lezen", "door", "doorgaan", "sterren", "verkocht", "verdienen", "opvangen"):
        assert fuzzy_word(word) is None, word
    assert not screen("ik wil niet meer lezen").crisis
    assert not screen("ik wil doorgaan met mijn opleiding").crisis
    assert not screen("mijn fiets is verkocht").crisis


def test_numbers_with_units_are_not_leetspeak():
    assert canonical("al 3dagen")[0] == "al 3dagen"


def test_self_harm_emoji_count_as_a_signal():
    assert category("🔪🩸") == "self_harm"
    assert category("weer gedaan 🩸 op mijn arm") == "self_harm"


def test_laughter_switches_off_only_the_soft_rules():
    assert category("ik kan niet meer") == "suicide"
    assert not screen("hahaha ik kan niet meer 😂").crisis
    assert category("haha ik wil dood") == "suicide"  # not a soft rule: taken seriously


# -- categories ------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("ik heb net een hele strip paracetamol geslikt", "emergency"),
    ("mijn dochter heeft 3 dagen niets gedronken", "emergency"),
    ("ik heb 2 paracetamol genomen tegen de hoofdpijn", None),
    ("ik heb me weer gesneden", "self_harm"),
    ("ik heb me gesneden aan een blikje", None),
    ("mijn stiefvader zit aan me", "abuse"),
    ("dat slaat nergens op", None),
    ("ik sla me er wel doorheen", None),
    ("mijn zoon snijdt zichzelf", "parent_worry"),
    ("mijn zoon heeft pillen geslikt, een hele strip", "emergency"),  # acute danger wins over parent voice
    ("mijn vriend slaat me", "abuse"),  # a partner is not a child: no parent reply
])
def test_categories(text, expected):
    assert category(text) == expected


def test_every_verdict_category_is_a_known_category_and_rules_never_carry_text():
    for text in ("ik wil dood", "mijn vader slaat me", "ik heb een overdosis genomen", "ik snij mezelf",
                 "mijn dochter wil niet meer leven"):
        verdict = screen(text)
        assert verdict.category in CATEGORIES
        assert verdict.rule.startswith(verdict.category + ".")
        assert text not in verdict.rule
        assert 0 < verdict.confidence <= 1


def test_empty_and_huge_messages_are_safe_to_screen():
    assert screen("") == Verdict(crisis=False)
    assert screen("   ") == Verdict(crisis=False)
    assert screen("bla " * 5000 + "ik wil dood").crisis is False  # only the first 4000 characters count
    assert screen("ik wil dood " + "bla " * 5000).crisis


def test_importing_the_screen_has_no_side_effects_and_compiles_nothing():
    code = (
        "import sys\n"
        "import bot.safety\n"
        "from bot.safety.screen import _compiled\n"
        "assert _compiled.cache_info().currsize == 0, 'compiled at import'\n"
        "bad = [m for m in ('rasa', 'sqlalchemy', 'httpx', 'telegram') if m in sys.modules]\n"
        "assert not bad, bad\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "ok", out.stderr
