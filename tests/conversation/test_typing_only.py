"""A parent, a young person and a professional, each from a bare /start, typing every answer
(no button is ever pressed), through `intake chat --json` on the real stack."""

from __future__ import annotations

import pytest

from tests.support.typing_journeys import (
    BOOKED,
    CALL_BACK,
    CALL_BACK_EN,
    PARENT,
    PROFESSIONAL,
    STRANGER,
    STRANGER_EN,
    STRANGER_EN_FIRST,
    STRANGER_FIRST,
    YOUNG,
    TypingPerson,
)

pytestmark = pytest.mark.stack


@pytest.mark.parametrize("answers,prefix", [(PARENT, "typing-parent"), (YOUNG, "typing-young")])
def test_a_parent_and_a_young_person_book_an_appointment_by_typing_only_from_a_bare_start(stack, answers, prefix):
    person = TypingPerson(stack, answers, prefix)
    try:
        replies = person.run_until(BOOKED)
        confirmation = next(r for r in replies if BOOKED in r["text"])
        assert confirmation["document"]["mime_type"] == "text/calendar"
        said = " ".join(t for _, texts in person.log for t in texts)
        assert "Ik heb alles doorgegeven" in said  # the handover came before the booking
    finally:
        person.close()


def test_a_professional_is_redirected_and_can_ask_for_a_person_by_typing(stack):
    # From a bare /start the practice is not known when the redirect comes: asking for a person
    # asks which practice, then makes the call-back request with the crisis lines.
    person = TypingPerson(stack, PROFESSIONAL, "typing-professional")
    try:
        replies = person.run_until(CALL_BACK, limit=6)
        said = " ".join(t for _, texts in person.log for t in texts)
        assert "Deze chat is voor ouders en jongeren zelf" in said
        assert "Voor wie schrijf je" not in " ".join(person.log[-2][1] + person.log[-1][1]), "not the intake again"
        answer = "\n".join(r["text"] for r in replies)
        assert "113" in answer and "112" in answer
        assert "Stuur dan je telefoonnummer" in answer
    finally:
        person.close()


@pytest.mark.parametrize("first,answers,goal", [(STRANGER_FIRST, STRANGER, CALL_BACK),
                                                (STRANGER_EN_FIRST, STRANGER_EN, CALL_BACK_EN)],
                         ids=["dutch", "english"])
def test_a_stranger_whose_first_message_asks_for_a_person_names_the_practice_and_is_called_back(stack, first, answers,
                                                                                               goal):
    # No link, no code, no /start: "ik wil iemand spreken" got "Stuur /start met de code van je
    # praktijk", which a stranger does not have. Now the practice is asked (typed here), and the
    # call-back request is made with when to expect contact and the crisis lines.
    person = TypingPerson(stack, answers, "typing-stranger")
    try:
        replies = person.run_until(goal, limit=4, first=first)
        said = " ".join(t for _, texts in person.log for t in texts)
        assert "/start" not in said, person.transcript()
        assert "De Linde" in said, "the practice is named when it is found"
        answer = "\n".join(r["text"] for r in replies)
        assert "113" in answer and "112" in answer
    finally:
        person.close()
