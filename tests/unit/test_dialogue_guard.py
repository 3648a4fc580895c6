"""The repeat guard and the recovery filter: no reply a third time, no conversation dead for good."""

import asyncio

from bot.conversation.model import ConversationRef, Inbound, Turn
from bot.dialogue.guard import (
    RepeatGuard,
    TranscriptLine,
    repeats_last_turns,
    turns_before,
    way_forward,
    without_repeated_sentences,
)
from bot.dialogue.recovery import Recovery, failure_of
from bot.replies import Button, Reply, unavailable
from bot.safety import Verdict

QUESTION = Reply("Bij welke huisartsenpraktijk ben je ingeschreven?", (Button("De Linde", "/choose_practice"),))


def test_the_circuit_breakers_ten_copies_become_one_reply_with_its_buttons_once():
    flood = [Reply("Sorry, dat begreep ik niet goed. Waar gaat je vraag over?",
                   (Button("Opvoeding", "/ask_opvoeding"), Button("School", "/ask_school")))] * 10
    out = without_repeated_sentences(flood)
    assert len(out) == 1 and len(out[0].buttons) == 2


def test_a_sentence_said_twice_in_one_turn_is_said_once_and_the_layout_of_other_texts_stays():
    replies = [Reply("Je aanmelding heb ik al doorgegeven. Dat hoeft niet nog een keer."),
               Reply("Je aanmelding heb ik al doorgegeven.\nKies een tijd:\n• di 9:00", (Button("di", "/x"),))]
    out = without_repeated_sentences(replies)
    assert out[0].text == replies[0].text
    assert out[1].text == "Kies een tijd:\n• di 9:00" and out[1].buttons == (Button("di", "/x"),)
    untouched = [Reply("Tips:\n• Eén\n• Twee")]
    assert without_repeated_sentences(untouched) == untouched


def test_the_third_identical_turn_is_caught_but_a_question_asked_again_after_an_answer_is_not():
    q, invalid = "Hoe oud is je kind?", "Ik begreep de leeftijd niet."
    assert repeats_last_turns([invalid, q], [[invalid, q], [invalid, q]])
    assert not repeats_last_turns([invalid, q], [[invalid, q]])  # only the second time
    # After two different FAQ answers the same question comes back: that is progress.
    assert not repeats_last_turns(["Het kost niets.", q], [["Meestal een paar weken.", q], ["Dag!", q]])


def test_the_way_forward_inside_a_question_offers_skip_back_stop_and_a_person():
    reply = way_forward("nl", repeated=QUESTION, in_question=True)
    payloads = [b.payload for b in reply.buttons]
    assert payloads == ["/choose_practice", "overslaan", "terug", "stop", "/request_human"]
    outside = way_forward("en", repeated=None, in_question=False)
    assert [b.payload for b in outside.buttons] == ["/request_appointment", "/help", "/request_human"]
    assert outside.text.startswith("I notice we are getting stuck")


def _lines(*spec):
    """Transcript lines oldest first as (id, direction, reply_to, body); returned newest first."""
    return [TranscriptLine(*line) for line in reversed(spec)]


def test_replies_to_messages_kept_while_rasa_was_away_count_for_the_message_they_answer():
    # m1 and m2 typed while Rasa was away; both answered later, after m3 and m4 were stored.
    lines = _lines((1, "in", None, "m1"), (2, "out", 1, "een moment"), (3, "in", None, "m2"),
                   (4, "in", None, "m3"), (5, "in", None, "m4"),
                   (6, "out", 1, "Voor wie schrijf je?"), (7, "out", 3, "Sorry?"), (8, "out", 3, "Voor wie schrijf je?"))
    # m3's turn (replayed now): the turns before it are m2's and m1's, whatever stands between them.
    assert turns_before(lines, 4) == [["Sorry?", "Voor wie schrijf je?"], ["een moment", "Voor wie schrijf je?"]]
    assert turns_before(lines, 3) == [["een moment", "Voor wie schrijf je?"]]
    # Without the link, m4's place (the newest message) would have made m3's and m2's turns empty.
    assert turns_before(lines, 5, turns=3)[0] == []


def test_lines_without_the_link_belong_to_the_message_before_them_as_before_the_link_existed():
    lines = _lines((1, "in", None, "a"), (2, "out", None, "Q"), (3, "in", None, "b"), (4, "out", None, "Q"),
                   (5, "out", None, "reminder"), (6, "in", None, "c"))
    assert turns_before(lines, None) == [["Q", "reminder"], ["Q"]]
    assert turns_before(lines, 6) == turns_before(lines, None)
    assert turns_before([], None) == [] and turns_before(_lines((1, "out", None, "hoi")), None) == []


class FakeStore:
    """The transcript as the guard reads it: previous turns, newest first."""

    def __init__(self, previous):
        self.previous = previous


class Guard(RepeatGuard):
    def _previous_turns(self, conversation_id, inbound_id, turns=2):
        return self.store.previous


def turn():
    t = Turn(Inbound("terminal", "u1", text="ik wil graag een afspraak maken"), "ik wil graag een afspraak maken",
             Verdict(crisis=False), emit=None, language="nl")
    t.conversation = ConversationRef(1, "ABC", "terminal-1", "nl")
    return t


def test_the_loop_from_the_field_gets_a_way_forward_on_its_third_time():
    already = Reply("Je aanmelding heb ik al doorgegeven aan de POH-Jeugd. Dat hoeft niet nog een keer.")
    texts = [already.text, QUESTION.text + "\n[De Linde]"]
    guard = Guard(FakeStore([texts, texts]), admin=None)
    out = asyncio.run(guard(turn(), [already, QUESTION]))
    assert len(out) == 1 and out[0].meta["guard"] == "repeat"
    assert "/request_human" in [b.payload for b in out[0].buttons]
    second = Guard(FakeStore([texts]), admin=None)
    assert asyncio.run(second(turn(), [already, QUESTION])) == [already, QUESTION]


def test_an_apology_or_a_crisis_reply_is_never_replaced_by_the_guard():
    crisis = Reply("Bel 113.", kind="crisis")
    guard = Guard(FakeStore([[crisis.text], [crisis.text]]), admin=None)
    assert asyncio.run(guard(turn(), [crisis])) == [crisis]


def test_failures_are_recognised_from_the_core_marker_and_from_the_flood():
    assert failure_of([unavailable("nl", failure="empty")]) == "empty"
    assert failure_of([unavailable("nl", failure="down")]) == "down"
    assert failure_of([Reply("Sorry?")] * 3) == "flood"
    assert failure_of([Reply("Hoi"), Reply("Voor wie schrijf je?")]) is None


class FakeAdmin:
    def __init__(self, healthy=True, slots=None, reset_ok=True):
        self._healthy, self.slots, self.reset_ok = healthy, slots or {}, reset_ok
        self.resets = []

    async def healthy(self):
        return self._healthy

    async def tracker(self, sender_id):
        return {"slots": self.slots}

    async def reset(self, sender_id, keep):
        self.resets.append(keep)
        return self.reset_ok


class FakeRasa:
    def __init__(self, answer):
        self.answer, self.sent = answer, []

    async def send(self, sender, message, metadata=None):
        self.sent.append(message)
        return self.answer


def test_a_stuck_intake_is_reset_with_its_answers_and_continues_at_its_next_question():
    admin = FakeAdmin(slots={"role": "ouder", "age": 13.0, "intake_started": True, "requested_slot": "topic",
                             "language": "nl", "practice_code": "LINDE"})
    rasa = FakeRasa([{"text": "Waar gaat het over?", "buttons": [{"title": "School", "payload": "/x"}]}])
    out = asyncio.run(Recovery(admin, rasa)(turn(), [unavailable("nl", failure="empty")]))
    assert admin.resets[0] == {"role": "ouder", "age": 13.0, "intake_started": True, "language": "nl",
                               "practice_code": "LINDE"}  # requested_slot is not kept
    assert rasa.sent == ["/request_appointment"]
    assert out[0].text.startswith("Sorry, ik raakte even de draad kwijt") and out[1].text == "Waar gaat het over?"


def test_when_the_resent_step_fails_too_only_who_and_where_are_kept_and_the_person_chooses():
    admin = FakeAdmin(slots={"role": "ouder", "age": 13.0, "intake_started": True, "practice_code": "LINDE"})
    out = asyncio.run(Recovery(admin, FakeRasa([]))(turn(), [Reply("Sorry?")] * 10))
    assert admin.resets[-1] == {"role": "ouder", "practice_code": "LINDE"}
    assert [b.payload for b in out[0].buttons] == ["/request_appointment", "/help", "/request_human"]


def test_when_rasa_is_down_for_everyone_the_apology_with_the_help_lines_stays():
    apology = unavailable("nl", failure="empty")
    admin = FakeAdmin(healthy=False)
    assert asyncio.run(Recovery(admin, FakeRasa([]))(turn(), [apology])) == [apology]
    assert admin.resets == []


def test_an_answer_that_ends_the_topic_gets_the_ways_on_and_a_question_or_buttons_are_left_alone():
    from bot.dialogue.guard import with_next_step

    faq = [Reply("Nee, het kost niets. De gemeente betaalt de gesprekken.")]
    out = with_next_step(faq, "nl")
    assert out[0].text == faq[0].text
    assert [b.payload for b in out[0].buttons] == ["/request_appointment", "/help", "/request_human"]
    question = [Reply("Nee, het kost niets."), Reply("Hoe oud is je kind?")]
    assert with_next_step(question, "nl") == question
    assert with_next_step([QUESTION], "nl") == [QUESTION]
    crisis = [Reply("Bel 113.", kind="crisis")]
    assert with_next_step(crisis, "nl") == crisis


def test_the_call_back_reply_ending_with_the_help_lines_gets_the_ways_on_its_cannot_wait_asks_nothing():
    from bot.dialogue.guard import with_next_step

    for language, lead_in in (("nl", "Kan het niet wachten?"), ("en", None)):
        from bot.i18n import gettext

        lead_in = lead_in or gettext(language, "Kan het niet wachten?")
        called_back = [Reply("Ik heb de praktijk gevraagd om contact met je op te nemen."),
                       Reply(f"{lead_in}\nBel 113 of 0800-0113. Bij direct gevaar: 112.")]
        out = with_next_step(called_back, language)
        assert [b.payload for b in out[-1].buttons] == ["/request_appointment", "/help", "/request_human"], language
    asked = [Reply("Kan het niet wachten? Bel 113. Hoe oud is je kind?")]
    assert with_next_step(asked, "nl") == asked
