"""Every row of the urgency table (docs/triage.md), and how rows combine."""

import pytest

from bot.intake.triage import RULES, Answers, triage

BASE = dict(role="ouder", age=13, themes=["school"], duration_days=10, school_attendance="gewoon",
            impact=["thuis"], heaviness=5, help=["geen"])


def answers(**changes) -> Answers:
    return Answers(**{**BASE, **changes})


@pytest.mark.parametrize(
    "code, changes, urgency",
    [
        ("crisis_signal", dict(crisis_category="suicide"), "crisis"),
        ("school_absent_over_2_weeks", dict(school_attendance="geen", duration_days=21), "urgent"),
        ("heaviness_8_plus", dict(heaviness=8), "urgent"),
        ("child_protection_measure", dict(help=["jeugdbescherming"]), "urgent"),
        ("severe_impact_young_child", dict(age=7, impact=["thuis"], impact_severe=True), "urgent"),
        ("light_question", dict(heaviness=2, impact=["geen"]), "advice"),
        ("school_partly_absent", dict(school_attendance="soms"), "regular"),
        ("other_care_involved", dict(help=["wijkteam"]), "regular"),
        ("long_duration", dict(duration_days=400), "regular"),
    ],
)
def test_each_row_sets_its_flag_and_urgency(code, changes, urgency):
    result = triage(answers(**changes))
    assert code in result.flags
    assert result.urgency == urgency


def test_the_table_has_a_test_case_for_every_row():
    tested = {"crisis_signal", "school_absent_over_2_weeks", "heaviness_8_plus", "child_protection_measure",
              "severe_impact_young_child", "light_question", "school_partly_absent", "other_care_involved",
              "long_duration"}
    assert {r.code for r in RULES} == tested


def test_nothing_special_is_regular_without_flags():
    result = triage(answers())
    assert result.urgency == "regular"
    assert result.flags == ()


def test_school_absence_of_exactly_two_weeks_is_not_yet_urgent():
    assert triage(answers(school_attendance="geen", duration_days=14)).urgency == "regular"
    assert triage(answers(school_attendance="geen", duration_days=15)).urgency == "urgent"


def test_heaviness_7_is_not_urgent_but_8_is():
    assert triage(answers(heaviness=7)).urgency == "regular"
    assert triage(answers(heaviness=8)).urgency == "urgent"


def test_severe_impact_counts_only_for_children_under_12():
    assert triage(answers(age=11, impact=["school", "thuis", "slaap"])).urgency == "urgent"
    assert triage(answers(age=12, impact=["school", "thuis", "slaap"])).urgency == "regular"


def test_crisis_beats_urgent_and_all_flags_are_listed():
    result = triage(answers(crisis_category="abuse", heaviness=9, school_attendance="geen", duration_days=30))
    assert result.urgency == "crisis"
    assert {"crisis_signal", "heaviness_8_plus", "school_absent_over_2_weeks"} <= set(result.flags)


def test_a_light_question_with_an_urgent_signal_is_urgent_and_not_flagged_light():
    result = triage(answers(heaviness=2, impact=["geen"], help=["jeugdbescherming"]))
    assert result.urgency == "urgent"
    assert "light_question" not in result.flags


def test_labels_are_dutch_and_shown_per_flag():
    result = triage(answers(heaviness=9))
    assert result.labels() == ["Zwaarte 8 of hoger (van 10)"]
