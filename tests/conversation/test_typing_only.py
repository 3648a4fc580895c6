"""A parent, a young person and a professional, each from a bare /start, typing every answer
(no button is ever pressed), through `intake chat --json` on the real stack."""

from __future__ import annotations

import pytest

from tests.support.typing_journeys import (
    BOOKED,
    CALL_BACK,
    PARENT,
    PROFESSIONAL,
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
