"""The intake form's logic without Rasa: pre-fill, order, corrections, back and stop."""

import pytest

from bot.intake.flow import advance, next_question, plan


class Form:
    """Drives :func:`advance` the way the form action does."""

    def __init__(self, history=None, **slots):
        # The practice is known (a deep link); the practice question has its own tests.
        self.slots = {"practice_code": "LINDE", **slots}
        self.sent: list[str] = []
        self.asked = self._step(None, "/request_appointment", history=history or [])

    def _step(self, requested, text, value=None, history=None, intent=None):
        step = advance(self.slots, requested=requested, text=text, value=value, intent=intent, history=history)
        self.slots.update(step.updates)
        self.sent += step.responses
        return next_question(self.slots)

    def say(self, text, intent=None):
        # Rasa's from_text mapping hands the typed text over as the answer.
        self.asked = self._step(self.asked, text, value=text, intent=intent)
        return self.asked

    def press(self, value):
        self.asked = self._step(self.asked, "/button", value=value)
        return self.asked


def test_a_parent_who_says_several_facts_is_not_asked_them_again():
    form = Form(history=["mijn zoon van 13 durft al drie weken niet naar school"])
    assert form.slots["role"] == "ouder" and form.slots["age"] == 13 and form.slots["topic"] == "school"
    assert form.slots["duration_days"] == 21 and form.slots["school_attendance"] == "geen"
    assert form.asked == "consent_parents"
    assert "utter_intake_prefilled" in form.sent


def test_questions_come_one_at_a_time_in_order():
    form = Form()
    asked = [form.asked]
    for answer in ["ouder", "opvoeding", "9", "ja", "twee maanden", "veel ruzie thuis", "5", "nee", "tips",
                   "liever niet", "via de chat", "nee"]:
        asked.append(form.say(answer))
    assert asked == ["role", "topic", "age", "consent_parents", "duration_days", "impact", "heaviness", "help",
                     "hope", "name", "contact", "consent_huisarts", None]
    assert form.slots["name"] == "-" and form.slots["contact"] == "telegram"
    assert form.slots["consent_huisarts"] is False


def test_school_attendance_is_only_asked_for_school_worries():
    assert "school_attendance" not in plan({"topic": "angst"})
    assert "school_attendance" in plan({"topic": "school"})


def test_a_correction_changes_the_earlier_answer_and_asks_the_current_question_again():
    form = Form(history=["mijn zoon van 13 durft al drie weken niet naar school"])
    form.press("ja")
    assert form.asked == "impact"
    assert form.say("nee, hij is 14") == "impact"
    assert form.slots["age"] == 14
    assert form.sent[-1] == "utter_intake_corrected"


def test_a_correction_into_another_age_band_asks_consent_again():
    form = Form(history=["mijn dochter van 15 is heel somber"])
    form.press("ja")
    form.say("nee, ze is 16")
    assert form.slots["age"] == 16
    assert form.asked == "consent_parents"


def test_terug_goes_back_one_question():
    form = Form(history=["mijn zoon van 13 durft al drie weken niet naar school"])
    form.press("ja")
    form.say("hij slaapt slecht")
    assert form.asked == "heaviness"
    assert form.say("terug") == "impact"
    assert form.sent[-1] == "utter_intake_go_back"


def test_stop_ends_the_form_without_an_outcome_that_hands_over():
    form = Form()
    form.say("ouder")
    assert form.say("stop") is None
    assert form.slots["intake_outcome"] == "stopped"


def test_an_unreadable_answer_is_asked_again_kindly():
    form = Form(role="ouder", topic="school")
    assert form.asked == "age"
    assert form.say("tja lastig") == "age"
    assert form.sent[-1] == "utter_intake_invalid_age"


def test_not_knowing_skipping_or_preferring_not_to_say_moves_on_and_nothing_is_made_up():
    form = Form(role="ouder")
    assert form.say("liever niet") == "age"
    assert form.slots["topic"] == "anders"
    assert form.say("geen idee") == "duration_days"  # the consent rule depends on the age: staff ask
    assert form.slots["age"] == "onbekend" and form.slots["consent_parents"] == "onbekend"
    assert "utter_intake_skipped" in form.sent
    assert form.say("overslaan") == "impact"
    assert form.say("skip") == "heaviness"
    assert form.say("I don't know") == "help"
    assert form.slots["duration_days"] == form.slots["impact"] == form.slots["heaviness"] == "onbekend"


def test_the_role_cannot_be_skipped_because_the_questions_depend_on_it():
    form = Form()
    assert form.say("overslaan") == "role"
    assert form.sent[-1] == "utter_intake_cannot_skip"
    # "weet ik niet" is an answer that cannot be read, not a question for the support worker.
    assert form.say("weet ik niet") == "role"
    assert form.sent[-1] == "utter_intake_cannot_skip" and not form.slots.get("open_questions")


def test_a_statement_about_a_child_at_the_role_question_is_the_parent_and_its_facts_are_kept():
    form = Form()
    assert form.say("hij is 14") != "role"
    assert form.slots["role"] == "ouder" and form.slots["age"] == 14


def test_english_answers_are_read_like_dutch_ones():
    form = Form()
    for answer in ["I am a parent", "school", "thirteen", "yes", "a few weeks", "no"]:
        form.say(answer)
    assert form.slots["role"] == "ouder" and form.slots["age"] == 13
    assert form.slots["consent_parents"] == "ja" and form.slots["duration_days"] == 21
    assert form.slots["school_attendance"] == "geen"


def test_a_phone_number_given_early_is_kept_and_not_asked_again():
    form = Form(role="ouder", topic="opvoeding")
    assert form.say("bel me maar op 06 12345678") == "age"
    assert form.slots["contact"] == "+31612345678"
    assert form.sent[-1] == "utter_intake_phone_noted"
    for answer in ["9", "ja", "twee maanden", "veel ruzie", "5", "nee", "tips", "Anna"]:
        form.say(answer)
    assert form.asked == "consent_huisarts"  # the contact question is not asked


@pytest.mark.parametrize("slots, question", [
    (dict(role="ouder", topic="opvoeding"), "age"),
    (dict(role="ouder", topic="opvoeding", age=9.0, consent_parents="ja", duration_days=60, school_attendance="volledig"),
     "impact"),
])
def test_a_phone_number_alone_is_no_answer_to_another_question_and_is_kept_for_the_phone_question(slots, question):
    """Off-script (session 13): "06 12345678" at "Wat merk je er in het dagelijks leven van?" became the answer."""
    form = Form(**slots)
    assert form.asked == question
    assert form.say("06 12345678") == question
    assert form.slots.get(question) is None and form.slots["contact"] == "+31612345678"
    assert form.sent[-1] == "utter_intake_phone_noted"
    assert form.say("mijn nummer is 0612345678") == question  # again: noted already
    assert form.sent[-1] == "utter_intake_prefilled"


def test_a_question_we_cannot_answer_is_kept_for_the_support_worker_and_the_question_comes_again():
    form = Form(role="ouder", age=13.0, consent_parents="ja", topic="school")
    assert form.asked == "duration_days"
    assert form.say("moet ik de leerplichtambtenaar bellen?") == "duration_days"
    assert form.sent[-1] == "utter_intake_question_noted"
    assert form.slots["open_questions"] == ["moet ik de leerplichtambtenaar bellen?"]


def test_weet_ik_niet_at_a_question_that_cannot_be_skipped_is_not_taken_for_a_question():
    # Dutch questions start with the verb ("Weet je…?"), and so does "weet ik niet": it was
    # answered with "Goede vraag … ik geef hem door", as if the person had asked something.
    form = Form()
    assert form.asked == "role"
    for typed, intent in [("weet ik niet", "dont_know"), ("weet ik niet", None), ("Ben ik niet zeker van", None),
                          ("zeg ik liever niet", "prefer_not_say")]:
        assert form.say(typed, intent=intent) == "role"
        assert form.sent[-1] == "utter_intake_cannot_skip", typed
    assert not form.slots.get("open_questions")
    assert form.say("weet ik niet, is dat erg?") == "role"  # a real question still is one
    assert form.slots["open_questions"] == ["weet ik niet, is dat erg?"]


def test_an_age_typed_at_the_topic_question_is_not_taken_as_the_topic():
    form = Form(role="ouder")
    assert form.asked == "topic"
    assert form.say("14") == "topic"
    # It is kept as the age (the next question), and said so, instead of "Dat begreep ik niet".
    assert form.slots["age"] == 14.0 and form.slots.get("topic") is None
    assert form.sent[-1] == "utter_intake_prefilled" and "utter_intake_invalid_topic" not in form.sent


def test_a_yes_or_no_typed_at_the_topic_question_is_not_taken_as_the_topic():
    """Session 14's off-script chat: "ja" at "Waar gaat het over?" became the topic "anders"."""
    for typed, intent in [("ja", "affirm"), ("oké", "affirm"), ("nee", "deny"), ("Ja!", "affirm")]:
        form = Form(role="ouder")
        assert form.say(typed, intent=intent) == "topic", typed
        assert form.slots.get("topic") is None and form.sent[-1] == "utter_intake_invalid_topic", typed
    form = Form(role="ouder")
    form.say("ja ruzie thuis", intent="inform")  # a yes with what it is about is an answer
    assert form.slots.get("topic") not in (None, "anders")


def test_a_26_year_old_for_themselves_is_redirected_and_the_form_ends():
    form = Form(history=["ik ben 26 en ik pieker heel veel"])
    assert form.asked is None
    assert form.slots["intake_outcome"] == "over_age"
    assert "utter_intake_redirect_over_age" in form.sent


def test_a_professional_gets_no_intake_for_the_family():
    form = Form()
    assert form.press("professional") is None
    assert form.slots["intake_outcome"] == "professional"
    assert form.sent[-1] == "utter_intake_professional"


def test_a_physical_complaint_is_redirected():
    form = Form(role="ouder", age=6.0, consent_parents="ja")
    assert form.asked == "topic"
    assert form.say("ze heeft al dagen koorts en oorpijn") is None
    assert form.slots["intake_outcome"] == "physical"


def test_a_faq_or_payload_without_an_answer_changes_nothing_so_rasa_can_answer_it():
    form = Form(role="ouder")
    for text in ("wat kost het?", '/crisis{"crisis_category": "suicide"}'):
        step = advance(form.slots, requested="age", text=text, value=None, intent="faq")
        assert step.updates == {} and step.responses == []


def test_after_a_handover_a_new_request_goes_straight_on():
    form = Form(handover_id=7)
    assert form.asked is None
    assert form.slots["intake_outcome"] == "already_done"


def test_phone_is_checked_and_asked_again_when_wrong():
    form = Form(history=["mijn zoon van 13 durft al drie weken niet naar school"])
    for answer in ["ja", "slaapt slecht", "6", "nee", "tips", "Sam"]:
        form.say(answer)
    assert form.asked == "contact"
    assert form.say("06 123") == "contact"
    assert form.sent[-1] == "utter_intake_invalid_phone"
    assert form.say("06-12345678") == "consent_huisarts"
    assert form.slots["contact"] == "+31612345678"


def test_a_correction_that_cannot_be_read_explains_how():
    form = Form(role="ouder", topic="school")
    form.asked = form._step("age", "nee dat klopt niet", intent="correct")
    assert form.asked == "age"
    assert form.sent[-1] == "utter_intake_correct_how"


def test_an_answer_that_looks_like_a_correction_still_answers_the_question():
    form = Form(history=["mijn zoon van 13 durft al drie weken niet naar school"])
    for answer in ["ja", "slaapt slecht", "6"]:
        form.say(answer)
    assert form.asked == "help"
    form.asked = form._step("help", "nee, nog niemand", intent="correct")
    assert form.slots["help_kinds"] == ["geen"] and form.asked == "hope"


def test_an_answer_the_model_took_for_a_faq_still_answers_when_it_is_not_a_question():
    form = Form(role="jongere", age=16.0, consent_parents="nee", topic="angst", duration_days=30.0,
                impact="slecht slapen", heaviness=5.0, help="nee")
    assert form.asked == "hope"
    form.asked = form._step("hope", "iemand om mee te praten", intent="faq")
    assert form.slots["hope"] == "iemand om mee te praten" and form.asked == "name"
    step = advance(form.slots, requested="name", text="wat kost het?", value=None, intent="faq")
    assert step.updates == {}


def test_asking_for_an_appointment_during_the_questions_goes_on_with_the_same_question():
    form = Form(role="ouder", topic="school")
    assert form.asked == "age"
    assert form._step("age", "ik wil graag een afspraak maken", intent="request_appointment") == "age"
    assert form.sent[-1] == "utter_intake_appointment_after"


def test_ja_graag_een_afspraak_at_a_consent_question_is_yes_not_the_appointment_request():
    """The model reads "ja graag een afspraak" as request_appointment, and the slot mappings leave an
    appointment request out (value None): at "Weet je kind ...?" it got "Sorry, dat begreep ik niet
    goed" (the form had no answer) or "that is where the questions lead" with the same question."""
    form = Form(role="ouder", topic="school", age=13, consent_parents="ja", duration_days=21.0,
                school_attendance="geen", impact="veel", heaviness=4.0, help="niets", hope="advies", name="-",
                contact="telegram")
    assert form.asked == "consent_huisarts"
    assert form._step("consent_huisarts", "ja graag een afspraak", intent="request_appointment") is None
    assert form.slots["consent_huisarts"] is True and "utter_intake_appointment_after" not in form.sent
    form = Form(role="ouder", topic="school", age=13)
    assert form.asked == "consent_parents"
    assert form._step("consent_parents", "ja, graag een afspraak", intent="request_appointment") == "duration_days"
    assert form.slots["consent_parents"] == "ja"
    # Without a yes it is still the appointment request, and the same question comes again.
    assert form._step("duration_days", "ik wil een afspraak", intent="request_appointment") == "duration_days"
    assert form.sent[-1] == "utter_intake_appointment_after"


def test_the_role_alone_is_not_announced_as_something_already_noted():
    form = Form(history=["ik ben moeder"])
    assert form.slots["role"] == "ouder" and "utter_intake_prefilled" not in form.sent
