"""First-line answers by role through the real Rasa server, action server and bot app: a parent
and a young person each get their own answer, the answer asks who is writing when that is not
known (buttons or typed), and the intake afterwards does not ask the theme again.

Which theme a sentence reaches is the understanding's business (its own stack test); here every
reply is matched against all theme answers, so the tests hold whichever theme was understood."""

import pytest

from tests.support.theme_answers import (
    PARENT,
    PROFESSIONAL,
    YOUNG,
    answer_in,
    asks_who,
    payloads,
    texts,
)

pytestmark = pytest.mark.stack

# Worries without a word about who is writing.
WORRY = "ik lig elke nacht wakker van het piekeren"


def test_without_a_role_the_answer_asks_who_is_writing_and_then_gives_the_parents_answer(stack):
    user = stack.new_user()
    (asked,) = stack.chat([{"user": user, "text": WORRY}])
    assert asks_who(asked), asked
    assert "/request_appointment" not in payloads(asked)  # no offer before the answer
    (answer,) = stack.chat([{"user": user, "button": PARENT}])
    found = answer_in(answer)
    assert found and found[1] == "ouder", answer
    assert {"/request_appointment", "/deny"} <= payloads(answer)


def test_a_young_person_and_a_professional_get_the_answer_written_for_them(stack):
    young, professional = stack.new_user(), stack.new_user()
    stack.chat([{"user": young, "text": WORRY}, {"user": professional, "text": WORRY}])
    (as_young,) = stack.chat([{"user": young, "button": YOUNG}])
    (as_professional,) = stack.chat([{"user": professional, "button": PROFESSIONAL}])
    assert answer_in(as_young)[1] == "jongere" and "/request_appointment" in payloads(as_young)
    assert answer_in(as_professional)[1] == "professional"
    assert "/request_appointment" not in payloads(as_professional)  # the family books, not the professional
    assert answer_in(as_young)[0] == answer_in(as_professional)[0]  # the same theme, another answer


def test_the_role_chosen_at_the_start_picks_the_answer_for_a_typed_worry(stack):
    parent, young = stack.new_user(), stack.new_user()
    as_parent = stack.chat([{"user": parent, "text": "hallo"}, {"user": parent, "button": PARENT},
                            {"user": parent, "text": "ze durft niet naar school, ze zit al weken thuis"}])
    as_young = stack.chat([{"user": young, "text": "hallo"}, {"user": young, "button": YOUNG},
                           {"user": young, "text": "ik durf niet naar school, ik zit al weken thuis"}])
    parent_answer, young_answer = answer_in(as_parent[2]), answer_in(as_young[2])
    assert parent_answer and parent_answer[1] == "ouder", as_parent[2]
    assert young_answer and young_answer[1] == "jongere", as_young[2]


# The classifier alone asks the check-in on this upbringing message whenever P(risk) reaches the
# check-in threshold, and it sits near it: 0.71 against 0.62 before candidate C; passing narrowly with
# C to F (F: 0.64 against 0.64); a strict xfail with H (0.66 / 0.66) and H2 (0.65 / 0.65); passing
# again with candidate I (session 24: 0.64 against 0.66). The corpus still has few long everyday
# Dutch parent messages (docs/safety.md): when this fails again, the model asks this parent.
def test_a_parent_named_in_the_message_needs_no_role_question(stack):
    user = stack.new_user()
    # An upbringing message by a writer; which theme it reaches does not matter here.
    text = ("Goedemiddag, mijn zoon is 11 jaar hij luistert helemaal niet meer naar mij. Als ik zeg huiswerk maken "
            "hij zegt straks straks en dan niks. Wat moet ik doen alstublieft")
    (out,) = stack.chat([{"user": user, "text": text}])
    assert not asks_who(out)
    found = answer_in(out)
    assert found and found[1] == "ouder", out


def test_a_typed_answer_to_who_is_writing_works_too(stack):
    user = stack.new_user()
    (asked,) = stack.chat([{"user": user, "text": WORRY}])
    assert asks_who(asked), asked
    (answer,) = stack.chat([{"user": user, "text": "ik ben de moeder"}])
    found = answer_in(answer)
    assert found and found[1] == "ouder", answer


def test_after_the_answer_the_intake_does_not_ask_the_theme_again(stack):
    user = stack.new_user()
    # Through the practice's link: without a code the practice is asked first (and "9" is no practice).
    stack.chat([{"user": user, "text": "/start LINDE"}, {"user": user, "text": WORRY}, {"user": user, "button": PARENT}])
    out = stack.chat([{"user": user, "button": "/request_appointment"}, {"user": user, "text": "9"}])
    asked = "\n".join(texts(out[0]) + texts(out[1]))
    assert "Waar gaat het over?" not in asked and "Hoe oud" in asked
