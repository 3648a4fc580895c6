"""The booking actions register with rasa_sdk and turn a dialogue turn into events."""

from rasa_sdk.executor import ActionExecutor


def test_the_actions_package_registers_every_booking_action():
    executor = ActionExecutor()
    executor.register_package("actions")  # raises when an Action subclass has no name
    names = set(executor.actions)
    assert {"validate_booking_form", "action_ask_chosen_slot", "action_ask_appointment_type",
            "action_book_appointment", "action_reschedule_appointment", "validate_cancel_form",
            "action_ask_cancel_confirm", "action_cancel_appointment", "action_show_appointment",
            "action_set_practice", "action_ask_practice_code", "action_default_fallback",
            "action_default_ask_affirmation", "action_validate_slot_mappings"} <= names


def test_emit_sends_texts_buttons_and_the_ics_payload_and_sets_slots():
    from rasa_sdk.executor import CollectingDispatcher

    from actions.booking import _emit
    from bot.booking.dialogue import Turn

    turn = Turn(slots={"chosen_slot": None, "appointment_id": 3.0})
    turn.say("Je afspraak staat!")
    turn.messages.append({"json_message": {"ics": {"filename": "a.ics", "content_b64": "QkVHSU4="}}})
    turn.say("Kies", [("di 24 nov 10:30", '/choose_slot{"slot_id":"1-20261124T0930Z"}')])
    dispatcher = CollectingDispatcher()
    events = _emit(dispatcher, turn)
    assert dispatcher.messages[0]["text"] == "Je afspraak staat!"
    assert dispatcher.messages[1]["custom"] == {"ics": {"filename": "a.ics", "content_b64": "QkVHSU4="}}
    assert dispatcher.messages[2]["buttons"] == [{"title": "di 24 nov 10:30",
                                                  "payload": '/choose_slot{"slot_id":"1-20261124T0930Z"}'}]
    assert {e["name"]: e["value"] for e in events if e["event"] == "slot"} == {"chosen_slot": None, "appointment_id": 3.0}
    assert not any(e["event"] == "followup" for e in events)  # the rules and forms say what follows
