"""intake classify: topic mapping and line handling, without Rasa (a fake parser)."""

import io
import json

from bot.classify import THEMES, TOPICS, classify_line, run, theme_for, topic_for
from bot.safety import screen


def parse_as(intent: str, confidence: float = 0.9, ranking=None, entities=None):
    def parse(text):
        return {
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "intent_ranking": ranking or [{"name": intent, "confidence": confidence}],
            "entities": entities or [],
        }
    return parse


def test_theme_intents_map_to_their_topic():
    for intent, topic in [("ask_opvoeding", "opvoeding"), ("ask_angst", "angst"), ("ask_school", "school")]:
        assert topic_for(parse_as(intent)("x")) == (topic, 0.9)


def test_each_of_the_18_themes_is_a_topic_and_the_theme_of_its_intent():
    assert len(THEMES) == 18 and set(THEMES) <= set(TOPICS)
    for theme in THEMES:
        assert topic_for(parse_as(f"ask_{theme}")("x"))[0] == theme
        assert theme_for(parse_as(f"ask_{theme}")("x")) == theme


def test_answers_to_the_bots_questions_are_their_own_topic_and_not_safe_is_crisis():
    for intent in ("inform_age", "dont_know", "skip", "inform_practice", "checkin_worse", "safe_now", "inform_role"):
        assert topic_for(parse_as(intent)("x"))[0] == "answer"
    assert topic_for(parse_as("not_safe_now")("x"))[0] == "crisis"
    assert topic_for(parse_as("request_erasure")("x"))[0] == "info"


def test_no_theme_for_other_intents_or_for_the_clarifying_question():
    assert theme_for(parse_as("faq")("x")) is None
    assert theme_for(parse_as("out_of_scope")("x")) is None
    # A near miss gets the clarifying question in the chat, not a theme answer.
    near = parse_as("nlu_fallback", 0.5, ranking=[{"name": "ask_slaap", "confidence": 0.48}])("x")
    assert topic_for(near)[0] == "slaap" and theme_for(near) is None


def test_booking_info_greeting_and_redirect_intents_map_to_contract_topics():
    assert topic_for(parse_as("request_appointment")("x"))[0] == "booking"
    assert topic_for(parse_as("cancel_appointment")("x"))[0] == "booking"
    assert topic_for(parse_as("faq")("x"))[0] == "info"
    assert topic_for(parse_as("greet")("x"))[0] == "greeting"
    assert topic_for(parse_as("other_care")("x"))[0] == "other_care"
    assert topic_for(parse_as("out_of_scope")("x"))[0] == "out_of_scope"
    assert topic_for(parse_as("some_future_intent")("x"))[0] == "out_of_scope"


def test_every_mapped_topic_is_in_the_contract():
    from bot.classify import INTENT_TOPICS

    assert set(INTENT_TOPICS.values()) <= set(TOPICS)


def test_low_confidence_fallback_is_out_of_scope_but_a_fair_guess_keeps_its_topic():
    hopeless = parse_as("nlu_fallback", 0.5, ranking=[{"name": "greet", "confidence": 0.35}])
    assert topic_for(hopeless("🙈🙈")) == ("out_of_scope", 0.5)
    fair = parse_as("nlu_fallback", 0.5, ranking=[{"name": "ask_angst", "confidence": 0.48}])
    assert topic_for(fair("x")) == ("angst", 0.48)


def test_topic_button_uses_its_topic_entity():
    parse = parse_as("inform_topic", 1.0, entities=[{"entity": "topic", "value": "school"}])
    assert topic_for(parse("/inform_topic")) == ("school", 1.0)


def test_a_crisis_from_the_screen_overrides_the_model_topic():
    line = json.dumps({"text": "ik wil niet meer leven"})
    out = classify_line(line, parse_as("ask_angst"), screen)
    assert out["topic"] == "crisis" and out["crisis"] is True
    assert out["crisis_category"] == "suicide"
    assert out["theme"] is None  # the crisis card goes out instead of a first-line answer


def test_a_safe_message_has_no_crisis_category():
    out = classify_line(json.dumps({"text": "mijn zoon gamet te veel"}), parse_as("ask_opvoeding", 0.97), screen)
    assert out == {"text": "mijn zoon gamet te veel", "topic": "opvoeding", "crisis": False,
                   "crisis_category": None, "confidence": 0.97, "safety": "none",
                   "theme": "opvoeding"}


def test_safety_is_the_conversation_decision_and_crisis_is_true_exactly_when_it_is_crisis():
    cases = [
        ("ik wil zelfmoord plegen", "ask_angst", "crisis"),
        ("ik heb geen gedachten aan zelfmoord", "ask_angst", "check_in"),
        ("het wordt me allemaal te veel, ik wil weg uit deze wereld", "crisis", None),  # screen or Rasa
        ("ik verveelde me echt dood vandaag", "crisis", "none"),  # Rasa's crisis intent on an idiom: vetoed
        ("mijn zoon gamet te veel", "ask_opvoeding", "none"),
    ]
    for text, intent, expected in cases:
        out = classify_line(json.dumps({"text": text}), parse_as(intent), screen)
        assert out["safety"] in ("crisis", "check_in", "none")
        assert out["crisis"] is (out["safety"] == "crisis")
        assert (out["topic"] == "crisis") is out["crisis"]
        if expected is not None:
            assert out["safety"] == expected, (text, out)
        else:
            assert out["safety"] != "none", (text, out)


def test_every_input_line_gets_one_output_line_in_order_even_when_malformed():
    stdin = io.StringIO('{"text": "hoi"}\nnot json\n{"txt": 1}\n{"text": "doei"}\n')
    out = io.StringIO()
    seen = []

    def parse(text):
        seen.append(text)
        return parse_as("greet")(text)

    assert run(stdin, out, parse, screen) == 4
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [r["text"] for r in rows] == ["hoi", None, None, "doei"]
    assert rows[1]["error"] and rows[2]["error"]
    assert seen == ["hoi", "doei"]


def test_importing_the_module_does_not_import_rasa():
    import subprocess
    import sys

    code = "import sys, bot.classify; print('rasa' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_emoji_only_is_out_of_scope_without_asking_the_model():
    def parse(text):
        raise AssertionError("the model must not be asked")

    out = classify_line(json.dumps({"text": "🙈🙈 ??"}), parse, screen)
    assert (out["topic"], out["confidence"]) == ("out_of_scope", 0.0)


def _model_with_id(tmp_path, model_id):
    import tarfile

    meta = tmp_path / "metadata.json"
    meta.write_text(json.dumps({"model_id": model_id}))
    model = tmp_path / "intake.tar.gz"
    with tarfile.open(model, "w:gz") as tar:
        tar.add(meta, arcname="metadata.json")
    return model


def _server(monkeypatch, served_id):
    import httpx

    seen = []

    def handle(request):
        seen.append(request)
        if request.url.path == "/status":
            return httpx.Response(200, json={"model_file": "intake.tar.gz", "model_id": served_id})
        return httpx.Response(200, json={"intent": {"name": "ask_school", "confidence": 0.93}, "text": "x"})

    real = httpx.Client
    monkeypatch.setattr(httpx, "Client", lambda **kw: real(transport=httpx.MockTransport(handle), **kw))
    return seen


def test_server_parsing_asks_the_running_rasa_when_it_serves_the_same_model(tmp_path, monkeypatch):
    from bot.classify import model_id, server_parser
    from bot.config import load_settings

    model = _model_with_id(tmp_path, "abc123")
    assert model_id(model) == "abc123"
    seen = _server(monkeypatch, "abc123")
    settings = load_settings({"INTAKE_DATA_DIR": str(tmp_path), "INTAKE_RASA_URL": "http://rasa.test:5005"})
    parse = server_parser(settings, model)
    assert parse is not None
    assert parse("mijn zoon wil niet naar school")["intent"]["name"] == "ask_school"
    assert [r.url.path for r in seen] == ["/status", "/model/parse"]


def test_server_parsing_is_refused_when_the_server_serves_another_model(tmp_path, monkeypatch, caplog):
    from bot.classify import server_parser
    from bot.config import load_settings

    model = _model_with_id(tmp_path, "abc123")
    seen = _server(monkeypatch, "old-model")
    settings = load_settings({"INTAKE_DATA_DIR": str(tmp_path), "INTAKE_RASA_URL": "http://rasa.test:5005"})
    assert server_parser(settings, model) is None
    assert [r.url.path for r in seen] == ["/status"]
    assert "serves model old-model, not abc123" in caplog.text
