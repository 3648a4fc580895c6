"""Reading Dutch answers: numbers in words, durations, facts in one sentence."""

import pytest

from bot.intake import parsing
from bot.intake.flow import normalise_phone


@pytest.mark.parametrize("text, age", [("dertien", 13), ("13", 13), ("hij is 14", 14), ("ze is net negen", 9),
                                       ("ik ben drieëntwintig jaar", 23), ("eenentwintig", 21),
                                       ("mijn zoon van 13", 13), ("geen idee", None),
                                       ("my daughter (13) won't go to school", 13), ("mijn zoon (14) spijbelt", 14),
                                       ("my son, 15, is being bullied", 15), ("our 12-year-old", 12),
                                       ("a 9 year old girl", 9), ("mijn 13-jarige dochter", 13),
                                       ("my daughter (13 yo)", 13), ("groep (7)", None)])
def test_age(text, age):
    assert parsing.parse_age(text) == age


@pytest.mark.parametrize("text, days", [("drie weken", 21), ("al twee maanden", 60), ("een week", 7),
                                        ("anderhalf jaar", 548), ("sinds de zomervakantie", 60),
                                        ("3 dagen", 3), ("een paar weken", 21), ("pff", None),
                                        ("sinds de zomer", 60)])  # the example the bot itself gives
def test_duration_in_days(text, days):
    assert parsing.parse_duration_days(text) == days


@pytest.mark.parametrize("text, score", [("8", 8), ("een 8", 8), ("acht", 8), ("9/10", 9), ("tien", 10),
                                         ("11", None), ("0", None), ("zwaar", None)])
def test_heaviness(text, score):
    assert parsing.parse_heaviness(text) == score


def test_one_sentence_gives_relation_age_theme_duration_and_school_absence():
    facts = parsing.extract_facts("mijn zoon van 13 durft al drie weken niet naar school")
    assert facts.role == "ouder"
    assert facts.relation == "zoon"
    assert facts.age == 13
    assert facts.duration_days == 21
    assert facts.themes[0] == "school"
    assert facts.school_attendance == "geen"


def test_a_parent_who_is_worried_is_not_taken_for_a_young_person():
    assert parsing.extract_facts("ik ben bang dat mijn dochter niet meer eet").role == "ouder"
    assert parsing.extract_facts("ik ben bang").role is None
    assert parsing.extract_facts("ik ben 16 en pieker veel").role == "jongere"
    # Spoken "me"/"mn" for "mijn": a parent, also one who says "ik ben zelf ook angstig".
    facts = parsing.extract_facts("ik denk dat me dochter het van mij heeft, ik ben zelf ook heel angstig")
    assert (facts.role, facts.relation) == ("ouder", "dochter")
    assert parsing.extract_facts("mn zoon wil niet naar school").role == "ouder"
    assert parsing.extract_facts("it makes me kind of sad").role is None
    # Dutch "of" (or) after the child keeps the relation.
    assert parsing.parse_relation("is dit normaal voor mijn zoon of niet") == "zoon"
    assert parsing.parse_relation("my son of 14 won't go to school") == "zoon"


def test_help_already_involved_flags_child_protection():
    assert parsing.parse_help("er is een OTS en de gezinsvoogd komt langs") == ["jeugdbescherming"]
    assert parsing.parse_help("wijkteam en school") == ["wijkteam", "school"]
    assert parsing.parse_help("nee, nog niemand") == ["geen"]


def test_physical_complaint_without_a_worry():
    assert parsing.is_physical_complaint("mijn dochter heeft koorts en oorpijn")
    assert not parsing.is_physical_complaint("hij heeft buikpijn van de spanning voor school")


def test_corrections_back_and_stop_are_recognised():
    assert parsing.looks_like_correction("nee, hij is 14")
    assert parsing.is_go_back("terug")
    assert parsing.is_stop("stop")
    assert not parsing.is_stop("ik wil niet dat het stopt met school")


def test_phone_numbers_are_checked_with_phonenumbers_for_nl():
    assert normalise_phone("06 12345678") == "+31612345678"
    assert normalise_phone("020-1234567") == "+31201234567"
    assert normalise_phone("06 1234") is None
    assert normalise_phone("hallo") is None


@pytest.mark.parametrize("text, days", [("ik ben 15 jaar", None), ("I am 15 years old", None), ("ze is 9 jaar oud", None),
                                        ("mijn zoon van 13 jaar durft al drie weken niet naar school", 21),
                                        ("hij is 14 jaar en het speelt al 2 jaar", 730),
                                        ("een periode van 3 maanden", 90), ("2 of 3 weken", 21)])
def test_an_age_in_years_is_not_how_long_it_has_been_going_on(text, days):
    """"ik ben 15 jaar" filled "Hoe lang speelt dit al?" with 15 years, and "mijn zoon van 13 jaar durft al
    drie weken niet" with 13 years: the question was never asked, and the handover said 13 years."""
    assert parsing.parse_duration_days(text) == days


@pytest.mark.parametrize("text, age", [("my son is 9 months, when are his next vaccines", 0), ("mijn zoon is 9 maanden", 0),
                                       ("mijn zoontje van 14 maanden", 1), ("she is 18 months old", 1), ("9 maanden", 0),
                                       ("het speelt al 3 maanden", None), ("een periode van 3 maanden", None),
                                       ("2 weken", None), ("hij is 14", 14)])
def test_a_babys_age_in_months_is_an_age_below_one_year_not_a_number_of_years(text, age):
    """"my son is 9 months" was 9 years old, so the JGZ answer was dropped for a baby (the rule is for
    children of 5 and older), and "9 maanden" to "Hoe oud is je kind?" was not understood."""
    assert parsing.parse_age(text) == age


@pytest.mark.parametrize("text", ["mijn zoon is 9 maanden", "mijn zoontje van 14 maanden", "she is 18 months old"])
def test_a_babys_age_in_months_is_not_how_long_it_has_been_going_on(text):
    assert parsing.parse_duration_days(text) is None
