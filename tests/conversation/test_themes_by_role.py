"""First-line answers by role through the real Rasa server, action server and bot app: a parent
and a young person each get their own answer, the answer asks who is writing when that is not
known (buttons or typed), and the intake afterwards does not ask the theme again."""

import pytest

pytestmark = pytest.mark.stack

PARENT = '/inform_role{"role":"ouder"}'
YOUNG = '/inform_role{"role":"jongere"}'
PROFESSIONAL = '/inform_role{"role":"professional"}'


def texts(out: dict) -> str:
    return "\n".join(r["text"] for r in out["replies"])


def payloads(out: dict) -> set[str]:
    return {b["payload"] for r in out["replies"] for b in r.get("buttons") or []}


def anxiety_button(stack, user) -> dict:
    """Emoji only: the clarifying question, whose buttons do not depend on the model."""
    (first,) = stack.chat([{"user": user, "text": "🤷‍♀️🤷‍♀️"}])
    assert "/ask_angst" in payloads(first), first
    (out,) = stack.chat([{"user": user, "button": "/ask_angst"}])
    return out


def test_without_a_role_the_answer_asks_who_is_writing_and_then_gives_the_parents_answer(stack):
    user = stack.new_user()
    asked = anxiety_button(stack, user)
    assert "voor wie schrijf je" in texts(asked).lower()
    assert {PARENT, YOUNG, PROFESSIONAL} <= payloads(asked)
    assert "/request_appointment" not in payloads(asked)  # no offer before the answer
    (answer,) = stack.chat([{"user": user, "button": PARENT}])
    reply = texts(answer)
    assert "prijs elke stap" in reply and "https://www.opvoeden.nl" in reply
    assert {"/request_appointment", "/deny"} <= payloads(answer)


def test_a_young_person_gets_the_answer_written_for_them(stack):
    user = stack.new_user()
    anxiety_button(stack, user)
    (answer,) = stack.chat([{"user": user, "button": YOUNG}])
    reply = texts(answer)
    assert "Je bent niet de enige" in reply and "je kind" not in reply
    assert "https://www.thuisarts.nl" in reply
    assert "/request_appointment" in payloads(answer)


def test_a_professional_gets_advice_for_professionals_and_no_booking_for_the_family(stack):
    user = stack.new_user()
    anxiety_button(stack, user)
    (answer,) = stack.chat([{"user": user, "button": PROFESSIONAL}])
    reply = texts(answer)
    assert "het gezin" in reply.lower() and "https://www.nji.nl" in reply
    assert "/request_appointment" not in payloads(answer)


def test_the_role_chosen_at_the_start_picks_the_answer_for_a_typed_worry(stack):
    parent, young = stack.new_user(), stack.new_user()
    as_parent = stack.chat([{"user": parent, "text": "hallo"}, {"user": parent, "button": PARENT},
                            {"user": parent, "text": "ze durft niet naar school, ze zit al weken thuis"}])
    as_young = stack.chat([{"user": young, "text": "hallo"}, {"user": young, "button": YOUNG},
                           {"user": young, "text": "ik durf niet naar school, ik zit al weken thuis"}])
    parent_reply, young_reply = texts(as_parent[2]), texts(as_young[2])
    assert "jeugdarts" in parent_reply and "je kind" in parent_reply
    assert "jeugdarts" in young_reply and "je kind" not in young_reply
    assert parent_reply != young_reply


def test_a_parent_named_in_the_message_needs_no_role_question(stack):
    user = stack.new_user()
    # An upbringing message by a writer (gaming is its own theme, middelen_gamen, in the writers' labels).
    text = ("Goedemiddag, mijn zoon is 11 jaar hij luistert helemaal niet meer naar mij. Als ik zeg huiswerk maken "
            "hij zegt straks straks en dan niks. Wat moet ik doen alstublieft")
    (out,) = stack.chat([{"user": user, "text": text}])
    reply = texts(out)
    assert "voor wie schrijf je" not in reply.lower()
    assert "met je kind" in reply and "https://www.opvoeden.nl" in reply


def test_a_typed_answer_to_who_is_writing_works_too(stack):
    user = stack.new_user()
    anxiety_button(stack, user)
    (answer,) = stack.chat([{"user": user, "text": "ik ben de moeder"}])
    assert "prijs elke stap" in texts(answer), answer


def test_after_the_answer_the_intake_does_not_ask_the_theme_again(stack):
    user = stack.new_user()
    anxiety_button(stack, user)
    stack.chat([{"user": user, "button": PARENT}])
    out = stack.chat([{"user": user, "button": "/request_appointment"}, {"user": user, "text": "9"}])
    asked = texts(out[0]) + texts(out[1])
    assert "Waar gaat het over?" not in asked
