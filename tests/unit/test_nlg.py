"""The NLG endpoint renders domain responses through the catalogs, with slot values."""

from bot.config import PROJECT_ROOT
from bot.nlg import ResponseRenderer


def renderer():
    return ResponseRenderer(PROJECT_ROOT / "nlu_data" / "domain")


def tracker(**slots):
    return {"slots": {"language": "nl", "practice_name": "de huisartsenpraktijk", **slots}, "events": []}


def test_greeting_is_filled_with_the_practice_name():
    out = renderer().render({"response": "utter_greet", "tracker": tracker(practice_name="Praktijk X"), "arguments": {}})
    assert out["text"].startswith("Hoi! Ik ben de digitale assistent van Praktijk X.")


def test_button_payloads_are_unescaped_for_the_channel():
    out = renderer().render({"response": "utter_ask_role", "tracker": tracker(), "arguments": {}})
    assert out["buttons"][0]["payload"] == '/inform_role{"role":"ouder"}'


def test_english_is_served_from_the_catalog_when_the_language_slot_says_en():
    from bot.i18n import translator

    translator.cache_clear()
    out = renderer().render({"response": "utter_ask_role", "tracker": tracker(language="en"), "arguments": {}})
    assert out["text"] == "Who are you writing for?" or out["text"] == "Voor wie schrijf je?"
    en = translator("en")
    assert en.gettext("Voor wie schrijf je?") != "Voor wie schrijf je?", "English catalog missing or not compiled"


def test_unknown_response_says_nothing_rather_than_leaking_a_name():
    out = renderer().render({"response": "utter_does_not_exist", "tracker": tracker(), "arguments": {}})
    assert out["text"] is None


def test_missing_slot_leaves_the_text_usable():
    out = renderer().render({"response": "utter_help", "tracker": {"slots": {}, "events": []}, "arguments": {}})
    assert out["text"] and "Ik ben een automatische assistent" in out["text"]


def _greeting_tracker(events, intent="greet", **slots):
    return {**tracker(**slots), "events": events, "latest_message": {"intent": {"name": intent}}}


def test_a_typed_hello_after_the_introduction_gets_the_short_hello_not_the_introduction_again():
    """ "hoi" after switching the language back: the introduction was said in this language."""
    r = renderer()
    whole = r.render({"response": "utter_greet", "tracker": tracker(), "arguments": {}})["text"]
    said = [{"event": "user"}, {"event": "bot", "text": whole}, {"event": "bot", "text": "Voor wie schrijf je?"},
            {"event": "bot", "text": "Oké, we praten verder in het Nederlands."}]
    assert r.render({"response": "utter_greet", "tracker": _greeting_tracker(said)})["text"] == "Hoi!"
    # A /start asks for the introduction; a new session has not heard it; English has not been said.
    assert r.render({"response": "utter_greet", "tracker": _greeting_tracker(said, intent="start")})["text"] == whole
    restarted = [*said, {"event": "restart"}]
    assert r.render({"response": "utter_greet", "tracker": _greeting_tracker(restarted)})["text"] == whole
    english = r.render({"response": "utter_greet", "tracker": _greeting_tracker(said, language="en")})["text"]
    assert english != whole and english != "Hoi!"
