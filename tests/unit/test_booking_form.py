"""The booking form reads typed answers: a time from the ones offered, how, stop and back."""

from datetime import datetime, timezone

from bot.booking.form import offered_times, pick_slot, pick_type, read

# di 1 dec 09:00, di 1 dec 13:30, do 3 dec 09:00, wo 9 dec 10:30 (Amsterdam, UTC+1)
OFFERED = offered_times([
    "1-20261201T0800Z|2026-12-01T08:00:00+00:00", "1-20261201T1230Z|2026-12-01T12:30:00+00:00",
    "1-20261203T0800Z|2026-12-03T08:00:00+00:00", "1-20261209T0930Z|2026-12-09T09:30:00+00:00",
])
TYPES = ["praktijk", "video", "telefoon"]


def test_the_offered_times_are_read_back_in_amsterdam_time():
    assert OFFERED[0][1].hour == 9 and OFFERED[0][1].tzinfo is not None
    assert datetime(2026, 12, 1, 8, tzinfo=timezone.utc) == OFFERED[0][1]


def test_a_time_is_chosen_by_position_day_date_or_hour():
    cases = {
        "de eerste": "1-20261201T0800Z", "doe maar de tweede": "1-20261201T1230Z", "2": "1-20261201T1230Z",
        "de laatste": "1-20261209T0930Z", "donderdag": "1-20261203T0800Z", "woensdag graag": "1-20261209T0930Z",
        "dinsdag om 13:30": "1-20261201T1230Z", "dinsdagmiddag": None, "dinsdag middag": "1-20261201T1230Z",
        "3 dec": "1-20261203T0800Z", "maakt niet uit": "1-20261201T0800Z", "10:30": "1-20261209T0930Z",
        "the first one": "1-20261201T0800Z", "thursday": "1-20261203T0800Z",
    }
    for text, expected in cases.items():
        assert pick_slot(text, OFFERED) == expected, text


def test_other_times_are_asked_for_in_words_and_nothing_is_guessed_from_unrelated_text():
    for text in ["andere tijden", "kan het later?", "geen van deze", "die tijden passen niet"]:
        assert pick_slot(text, OFFERED) == "more", text
    for text in ["hoi", "om 8 uur", "ik weet het niet"]:
        assert pick_slot(text, OFFERED) is None, text
    assert pick_slot("vrijdag", OFFERED) == "no_day"  # said so, instead of "which time?"


def test_how_is_read_from_ordinary_words():
    assert pick_type("liever videobellen", TYPES) == "video"
    assert pick_type("bel me maar", TYPES) == "telefoon"
    assert pick_type("ik kom naar de praktijk", TYPES) == "praktijk"
    assert pick_type("phone call please", TYPES) == "telefoon"
    assert pick_type("video", ["praktijk"]) is None  # not offered by this practice


def test_stop_ends_the_booking_back_goes_from_how_to_when_and_a_question_is_left_to_its_rule():
    stop = read("chosen_slot", text="stop", value="stop", intent="stop_intake", offered=OFFERED, types=TYPES,
                not_an_answer=False)
    assert stop.updates == {"chosen_slot": "-", "appointment_type": "-"}
    back = read("appointment_type", text="terug", value="terug", intent="go_back", offered=OFFERED, types=TYPES,
                not_an_answer=False)
    assert back.updates == {"chosen_slot": None}
    faq = read("chosen_slot", text="hoe lang duurt een gesprek?", value=None, intent="faq", offered=OFFERED,
               types=TYPES, not_an_answer=True)
    assert faq.reject
    unclear = read("chosen_slot", text="hmm", value="hmm", intent="nlu_fallback", offered=OFFERED, types=TYPES,
                   not_an_answer=False)
    assert unclear.updates == {"chosen_slot": None} and unclear.messages == ["invalid_chosen_slot"]


def test_a_pressed_time_button_and_andere_tijden_are_read_as_such():
    pressed = read("chosen_slot", text='/choose_slot{"slot_id":"1-20261203T0800Z"}', value="1-20261203T0800Z",
                   intent="choose_slot", offered=OFFERED, types=TYPES, not_an_answer=False)
    assert pressed.updates == {"chosen_slot": "1-20261203T0800Z"}
    more = read("chosen_slot", text="/more_slots", value="/more_slots", intent="more_slots", offered=OFFERED,
                types=TYPES, not_an_answer=False)
    assert more.updates == {"chosen_slot": None, "slots_more": True}
