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
        ("self_harm", dict(themes=["zelfbeschadiging"]), "urgent"),
        ("eating_medical_signs", dict(themes=["eten"], medical_signs=True), "urgent"),
        ("overloaded_parent_baby", dict(themes=["overbelast_ouder"], age=0), "urgent"),
        ("low_mood_over_2_weeks", dict(themes=["somberheid"], duration_days=21), "regular"),
        ("jgz_question", dict(themes=["baby_jgz"], age=1), "regular"),
        ("interpreter_requested", dict(interpreter="ar"), "regular"),
    ],
)
def test_each_row_sets_its_flag_and_urgency(code, changes, urgency):
    result = triage(answers(**changes))
    assert code in result.flags
    assert result.urgency == urgency


def test_the_table_has_a_test_case_for_every_row():
    tested = {"crisis_signal", "school_absent_over_2_weeks", "heaviness_8_plus", "child_protection_measure",
              "severe_impact_young_child", "light_question", "school_partly_absent", "other_care_involved",
              "long_duration", "self_harm", "eating_medical_signs", "overloaded_parent_baby",
              "low_mood_over_2_weeks", "jgz_question", "interpreter_requested"}
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


def test_self_harm_is_urgent_even_when_it_feels_light():
    result = triage(answers(themes=["zelfbeschadiging"], heaviness=2, impact=["geen"]))
    assert result.urgency == "urgent" and "light_question" not in result.flags


def test_an_eating_worry_without_medical_signs_is_not_urgent():
    assert triage(answers(themes=["eten"])).urgency == "regular"


def test_medical_signs_are_read_from_the_persons_own_words():
    from bot.intake.record import IntakeRecord

    record = IntakeRecord(role="ouder", age=15, themes=["eten"], impact_text="ze is 6 kilo afgevallen en duizelig")
    assert triage(record.triage_answers()).urgency == "urgent"
    calm = IntakeRecord(role="ouder", age=15, themes=["eten"], impact_text="ze eet weinig groente")
    assert "eating_medical_signs" not in triage(calm.triage_answers()).flags


def test_an_overloaded_parent_of_an_older_child_is_not_the_baby_row():
    assert "overloaded_parent_baby" not in triage(answers(themes=["overbelast_ouder"], age=9)).flags
    assert "overloaded_parent_baby" in triage(answers(themes=["overbelast_ouder", "baby_jgz"], age=None)).flags


def test_low_mood_of_exactly_two_weeks_is_not_yet_flagged():
    assert "low_mood_over_2_weeks" not in triage(answers(themes=["somberheid"], duration_days=14)).flags


def test_every_theme_can_be_the_intakes_topic():
    from bot.content.themes import THEMES
    from bot.intake.flow import TOPICS

    assert set(TOPICS) == {*THEMES, "anders"}
