"""Consent by age band, and eligibility."""

import pytest

from bot.intake import consent, eligibility
from bot.intake.texts import MESSAGES, question_name


@pytest.mark.parametrize("age, band", [(0, "0_11"), (11, "0_11"), (12, "12_15"), (15, "12_15"), (16, "16_17"),
                                       (17, "16_17"), (18, "18_23"), (23, "18_23"), (24, None)])
def test_age_bands(age, band):
    assert consent.age_band(age) == band


@pytest.mark.parametrize("role", ["ouder", "jongere"])
@pytest.mark.parametrize("age", [5, 13, 16, 20])
def test_every_band_and_role_has_a_question_that_says_staff_read_and_never_promises_secrecy(role, age):
    name = question_name("consent_parents", role, age)
    text, buttons = MESSAGES[name]
    assert "lezen dit gesprek" in text
    assert "geheim" not in text.lower() or "niet beloven" in text or "kan ik geheimhouding niet beloven" in text
    assert buttons


def test_a_15_year_old_is_told_honestly_how_parents_are_involved():
    text, _ = MESSAGES[question_name("consent_parents", "jongere", 15)]
    assert "eerste gesprek" in text and "zonder je ouders" in text
    assert "jij én je ouders" in text


def test_a_16_year_old_decides_alone():
    text, _ = MESSAGES[question_name("consent_parents", "jongere", 16)]
    assert "je beslist zelf" in text


def test_consent_record_names_the_band_rule_and_the_answers():
    rec = consent.record(role="jongere", age=16, parents="nee", huisarts=True)
    assert rec["band"] == "16_17"
    assert "beslist zelf" in rec["rule"]
    assert rec["parents_involved"] == "nee" and rec["share_with_huisarts"] is True
    assert rec["explained"] is True


@pytest.mark.parametrize("text, answer", [
    ("ja", "ja"), ("Nee, nog niet", "nee"), ("weet ik nog niet", "onbekend"), ("ik wil niet dat ze het weten", "nee"),
    ("prima", "ja"), ("hmm", None),
    # What people type to "Weet je kind dat je contact opneemt?" (the model reads several as "weet ik niet",
    # and "hij weet het" was skipped as not known; "klopt" and "oké" were not understood)
    ("oké", "ja"), ("klopt", "ja"), ("ja hoor", "ja"), ("hij weet het", "ja"), ("ze weet ervan", "ja"),
    ("natuurlijk", "ja"), ("yes", "ja"), ("yeah", "ja"), ("sure", "ja"), ("she knows", "ja"),
    ("nee", "nee"), ("nope", "nee"), ("nog niet", "nee"), ("hij weet het nog niet", "nee"), ("liever niet", "nee"),
    ("weet hij niet", "nee"), ("no", "nee"), ("not yet", "nee"), ("he doesn't know", "nee"),
    ("weet ik niet", "onbekend"), ("geen idee", "onbekend"), ("misschien", "onbekend"), ("I don't know", "onbekend"),
    ("not sure", "onbekend"),
    ("ik ben zijn vader", None), ("dertien", None), ("mag ik dat zeggen?", None),
])
def test_consent_answers(text, answer):
    assert consent.parse_answer(text) == answer


def test_eligibility():
    assert eligibility.check(role="jongere", age=23).eligible
    assert eligibility.check(role="jongere", age=26).outcome == "over_age"
    assert eligibility.check(role="ouder", age=30).outcome == "over_age"
    assert eligibility.check(role="professional", age=10).outcome == "professional"
    assert eligibility.check(role="ouder", age=8, physical=True).outcome == "physical"
    assert eligibility.check(role=None).eligible  # unknown never excludes


def test_redirect_texts_point_to_huisarts_and_poh_ggz():
    text, _ = MESSAGES[eligibility.check(role="jongere", age=26).response]
    assert "huisarts" in text and "POH-GGZ" in text and "113" in text
