"""``intake classify``: JSON lines ``{"text": ...}`` on stdin, one JSON line per input on stdout.

    {"text", "topic", "crisis", "crisis_category", "confidence", "safety", "theme"}

topic is one of TOPICS (defined once here; ``make nlu-eval`` scores the same mapping). The Rasa
model is loaded once, in-process (or, with ``--server``, asked over HTTP). ``safety`` (crisis,
check_in or none) is the decision the conversation takes for the text as a first message: the safety screen (rules and risk
classifier, bot.safety.screen) and Rasa's crisis intent as the third net
(bot.safety.screen.with_rasa). ``crisis`` is true exactly when safety is crisis, and then topic
is "crisis". ``theme`` is the first-line answer the bot would give for the text as a first
message: one of THEMES when the model's intent (after the fallback threshold) is
``ask_<theme>`` and there is no crisis, else null. Rasa is imported only inside the handler so
`intake --help` stays fast. ``--server`` parses through the running Rasa server instead (its
/model/parse), after checking that it serves the current model: the same answers without the
minute it takes to load the model.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

log = logging.getLogger("bot.classify")

# The first-line answers (ask_<theme> intents); each is also a topic of its own.
THEMES = (
    "opvoeding", "angst", "school", "somberheid", "slaap", "scheiding", "driftbuien", "pesten", "adhd_autisme",
    "examenstress", "zelfbeschadiging", "middelen_gamen", "rouw", "eten", "eenzaamheid", "overbelast_ouder",
    "gender_seksualiteit", "baby_jgz",
)
TOPICS = (*THEMES, "crisis", "booking", "info", "greeting", "answer", "out_of_scope", "other_care")

# Below this confidence a fallback message (emoji, gibberish) is not given a topic of its own;
# above it, the fallback was a near miss or a tie and the best guess is reported.
MIN_TOPIC_CONFIDENCE = 0.45

INTENT_TOPICS: dict[str, str] = {
    **{f"ask_{theme}": theme for theme in THEMES},
    "crisis": "crisis",
    "deny_safe": "crisis",
    "not_safe_now": "crisis",
    "request_appointment": "booking",
    "reschedule_appointment": "booking",
    "cancel_appointment": "booking",
    "afspraak": "booking",
    "choose_slot": "booking",
    "more_slots": "booking",
    "choose_appointment_type": "booking",
    "faq": "info",
    "help": "info",
    "privacy": "info",
    "bot_challenge": "info",
    "request_human": "info",
    "taal": "info",
    "set_language": "info",
    "request_erasure": "info",
    "request_my_data": "info",
    "safety_plan": "info",
    "greet": "greeting",
    "goodbye": "greeting",
    "thanks": "greeting",
    "affirm": "greeting",
    "deny": "greeting",
    "start": "greeting",
    # Answers to the bot's own questions (intake, practice, safety and waiting-time check-ins)
    # and the controls inside them: they mean something only after the question.
    **{intent: "answer" for intent in (
        "inform_role", "inform_age", "inform_duration", "inform_school", "inform_impact", "inform_heaviness",
        "inform_help", "inform_hope", "inform_name", "inform_contact", "inform_practice", "inform_consent",
        "choose_practice", "dont_know", "prefer_not_say", "skip", "go_back", "stop_intake", "correct",
        "checkin_better", "checkin_same", "checkin_worse", "safe_now", "affirm_safe",
    )},
    "out_of_scope": "out_of_scope",
    "other_care": "other_care",
}


def intent_topic(intent: str) -> str:
    """The topic of a (gold or predicted) intent name; ``faq/kosten`` counts as ``faq``."""
    return INTENT_TOPICS.get(intent.split("/")[0], "out_of_scope")


# inform_topic carries its theme in the `topic` entity ("anders" has no theme).
_TOPIC_ENTITY_VALUES = set(THEMES)
_HAS_WORD_RE = re.compile(r"[^\W_]")  # a letter or digit in any script

Parse = Callable[[str], dict[str, Any]]


def register(subparsers) -> dict[str, Callable]:
    p = subparsers.add_parser("classify", help="JSON lines {text} in; topic and crisis out")
    p.add_argument("--model", default=None, help="a trained model (default: models/intake.tar.gz, trained when out of date)")
    p.add_argument("--server", action="store_true",
                   help="parse with the running Rasa server (INTAKE_RASA_URL) instead of loading the model here; "
                        "refused when that server does not serve the current model")
    return {"classify": handler}


def topic_for(parse: dict[str, Any]) -> tuple[str, float]:
    """The topic and its confidence for one Rasa parse result (pure; unit-tested)."""
    intent = parse.get("intent") or {}
    name, confidence = intent.get("name"), float(intent.get("confidence") or 0.0)
    if name == "nlu_fallback":
        # The dialogue asks a clarifying question; here we report the best real guess when
        # it is not hopeless, and out_of_scope (emoji, gibberish, anything else) otherwise.
        ranking = [r for r in parse.get("intent_ranking") or [] if r.get("name") != "nlu_fallback"]
        if not ranking or float(ranking[0].get("confidence") or 0.0) < MIN_TOPIC_CONFIDENCE:
            return "out_of_scope", confidence
        name, confidence = ranking[0]["name"], float(ranking[0]["confidence"])
    if name == "inform_topic":
        values = [e.get("value") for e in parse.get("entities") or [] if e.get("entity") == "topic"]
        theme = next((v for v in values if v in _TOPIC_ENTITY_VALUES), None)
        return (theme or "info"), confidence
    return intent_topic(name or ""), confidence


def theme_for(parse: dict[str, Any]) -> str | None:
    """The theme whose first-line answer the dialogue gives for this parse, or None (pure).

    A low-confidence message becomes nlu_fallback and gets the clarifying question, not a
    theme answer, so only the model's final intent counts here (unlike topic_for's best guess).
    A baby question about a child of 5 or older was read again in the NLU pipeline (its next theme,
    or nlu_fallback: bot.content.themes.without_the_baby_guess), so the parse already says it.
    """
    from bot.content.themes import theme_of

    return theme_of((parse.get("intent") or {}).get("name"))


def classify_line(raw: str, parse: Parse, screen: Callable[[str], Any]) -> dict[str, Any]:
    """One output record for one input line. Never raises for bad input."""
    try:
        data = json.loads(raw)
        text = data.get("text") if isinstance(data, dict) else None
    except ValueError:
        data, text = None, None
    if not isinstance(text, str):
        return {"text": None, "topic": None, "crisis": False, "crisis_category": None, "confidence": 0.0,
                "safety": "none", "theme": None, "error": 'expected a JSON object with a string "text"'}
    from bot.safety.screen import with_rasa

    verdict = screen(text)
    if not _HAS_WORD_RE.search(text):
        # Emoji or punctuation only: the bot asks a clarifying question (bot.conversation).
        topic, confidence, theme = "out_of_scope", 0.0, None
    else:
        parsed = parse(text)
        topic, confidence = topic_for(parsed)
        theme = theme_for(parsed)
        verdict = with_rasa(verdict, text, (parsed.get("intent") or {}).get("name"))
    if verdict.crisis:
        # The crisis card goes out instead of any first-line answer.
        topic, theme = "crisis", None
    elif topic == "crisis":
        topic = "out_of_scope"  # Rasa's crisis intent, overruled (an idiom, a joke): no crisis topic either
    return {
        "text": text,
        "topic": topic,
        "crisis": bool(verdict.crisis),
        "crisis_category": verdict.category if verdict.crisis else None,
        "confidence": round(confidence, 4),
        "safety": verdict.outcome,
        "theme": theme,
    }


def run(lines: IO[str], out: IO[str], parse: Parse, screen: Callable[[str], Any]) -> int:
    count = 0
    for raw in lines:
        if not raw.strip():
            continue
        out.write(json.dumps(classify_line(raw, parse, screen), ensure_ascii=False) + "\n")
        out.flush()
        count += 1
    return count


def load_parser(model: Path) -> Parse:
    """Load a trained Rasa model once and return a synchronous text -> parse-dict function."""
    import asyncio

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    # Rasa's structured debug log would print every message text to stdout.
    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model))
    loop = asyncio.new_event_loop()

    def parse(text: str) -> dict[str, Any]:
        return loop.run_until_complete(agent.parse_message(text))

    return parse


def model_id(model: Path) -> str | None:
    """The model_id in a trained Rasa model's metadata.json (what Rasa's /status reports)."""
    import tarfile

    with tarfile.open(model) as tar:
        for member in tar:
            if member.name.strip("/") == "metadata.json":
                data = json.load(tar.extractfile(member))
                return data.get("model_id") if isinstance(data, dict) else None
    return None


def server_parser(settings, model: Path) -> Parse | None:
    """A text -> parse-dict function through a running Rasa server's HTTP API, or None (logged)
    when the server cannot be asked or serves another model than ``model``."""
    import httpx

    from bot.runtime import rasa_api_token

    params = {"token": rasa_api_token(settings) or ""}
    client = httpx.Client(base_url=settings.rasa_url.rstrip("/"), timeout=httpx.Timeout(30.0, connect=3.0))
    try:
        status = client.get("/status", params=params)
    except httpx.HTTPError as exc:
        log.error("rasa server unavailable error=%s", type(exc).__name__)
        return None
    served = status.json().get("model_id") if status.status_code == 200 else None
    wanted = model_id(model)
    if served is None or served != wanted:
        log.error("rasa server status=%s serves model %s, not %s (%s)", status.status_code, served, wanted, model.name)
        return None

    def parse(text: str) -> dict[str, Any]:
        resp = client.post("/model/parse", params=params, json={"text": text})
        resp.raise_for_status()
        return resp.json()

    return parse


def handler(args, settings) -> int:
    from bot.runtime import model_path
    from bot.safety import screen

    if args.model:
        model = Path(args.model)
    else:
        from bot.training import train

        train(settings)  # no-op when the model is up to date with nlu_data/
        model = model_path(settings)
    if not model.exists():
        log.error("no model at %s; run `intake train`", model)
        return 1
    started = time.monotonic()
    if args.server:
        parse = server_parser(settings, model)
        if parse is None:
            return 1
    else:
        parse = load_parser(model)
    loaded = time.monotonic()
    log.info("model ready in %.1f s", loaded - started)
    count = run(sys.stdin, sys.stdout, parse, screen)
    seconds = time.monotonic() - loaded
    log.info("classified %d lines in %.2f s (%.0f lines/s)", count, seconds, count / seconds if seconds else 0.0)
    return 0
