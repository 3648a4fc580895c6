"""The NLU training data keeps its promises (plain YAML, no Rasa): who wrote what, every label of
the writers' set declared and answered, and no evaluation sentence in a training file."""

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from bot.classify import INTENT_TOPICS, THEMES, TOPICS, intent_topic

ROOT = Path(__file__).resolve().parents[2]
NLU = ROOT / "nlu_data" / "data" / "nlu"
WRITERS = NLU / "writers"
DOMAIN = ROOT / "nlu_data" / "domain"
RULES = ROOT / "nlu_data" / "data" / "rules"
_ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)")

GENERAL = ("greet", "goodbye", "thanks", "affirm", "deny", "help", "privacy", "bot_challenge", "taal",
           "request_appointment", "reschedule_appointment", "cancel_appointment", "request_human",
           "request_erasure", "request_my_data", "safety_plan", "out_of_scope", "other_care")
ANSWERS = ("inform_role", "inform_age", "inform_duration", "inform_school", "inform_impact", "inform_heaviness",
           "inform_help", "inform_hope", "inform_name", "inform_contact", "inform_practice", "dont_know",
           "prefer_not_say", "skip", "go_back", "stop_intake", "correct", "checkin_better", "checkin_same",
           "checkin_worse", "safe_now", "not_safe_now")
FAQ = ("wat_doet_poh", "kosten", "vertrouwelijk", "ouders_weten", "aantal_gesprekken", "verwijzing", "waar",
       "wachttijd", "kind_wil_niet", "duur_gesprek", "wie_mag_mee", "daarna", "voorbereiden", "leerplicht", "tolk")
# The writers' label set (docs/nlu.md).
LABELS = {f"ask_{t}" for t in THEMES} | {f"faq/{t}" for t in FAQ} | set(GENERAL) | set(ANSWERS)


def _blocks(path: Path):
    return [b for b in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"] if "intent" in b]


def _examples(block) -> list[str]:
    return [line.strip()[2:] for line in block["examples"].splitlines() if line.strip().startswith("- ")]


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", _ANNOTATION.sub(r"\1", text).lower()).split())


def _training_texts() -> list[str]:
    return [_normal(e) for path in NLU.rglob("*.yml") for b in _blocks(path) for e in _examples(b)]


def _evaluation_texts() -> list[tuple[str, str]]:
    """(file, text) for every message of every evaluation set in tests/data."""
    rows = []
    for path in sorted((ROOT / "tests" / "data").rglob("*.jsonl")):
        rows += [(path.name, json.loads(line)["text"]) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for path in sorted((ROOT / "tests" / "data").rglob("*.yml")):
        rows += [(path.name, e) for b in _blocks(path) for e in _examples(b)]
    return rows


def test_every_label_by_at_least_six_independent_writers_and_every_block_names_its_writer():
    files = sorted(WRITERS.glob("*.yml"))
    assert len(files) >= 6
    writers_of = {label: 0 for label in LABELS}
    for path in files:
        blocks = _blocks(path)
        assert {b["metadata"]["writer"] for b in blocks} == {path.stem}
        labels = {b["intent"] for b in blocks}
        # A writer may rightly leave out a label their persona has nothing to say on (a teenager
        # on a referral letter), never more than a few.
        assert len(LABELS - labels) <= 2, (path.name, sorted(LABELS - labels))
        assert sum(len(_examples(b)) for b in blocks) >= 350
        for label in labels & LABELS:
            writers_of[label] += 1
    assert min(writers_of.values()) >= 6, sorted(label for label, n in writers_of.items() if n < 6)


def test_every_training_block_outside_the_writers_files_is_marked_session1():
    for path in NLU.glob("*.yml"):
        for block in _blocks(path):
            assert (block.get("metadata") or {}).get("writer") == "session1", (path.name, block["intent"])


def test_every_label_has_examples_by_at_least_five_writers():
    writers = defaultdict(set)
    for path in WRITERS.glob("*.yml"):
        for block in _blocks(path):
            if _examples(block):
                writers[block["intent"]].add(path.stem)
    assert {label: len(writers[label]) for label in LABELS if len(writers[label]) < 5} == {}


def test_every_label_is_declared_and_every_declared_faq_topic_has_an_answer():
    declared, responses = set(), {}
    for path in DOMAIN.glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        declared |= set(data.get("intents") or [])
        responses.update(data.get("responses") or {})
    assert {label.split("/")[0] for label in LABELS} - declared == set()
    assert {f"utter_faq/{t}" for t in FAQ} <= set(responses)


def _responses() -> dict:
    responses = {}
    for path in DOMAIN.glob("*.yml"):
        responses.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {})
    return responses


def test_every_theme_intent_has_a_rule_and_a_theme_with_an_answer_gets_that_answer():
    steps = defaultdict(list)
    for path in RULES.glob("*.yml"):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8")).get("rules") or []:
            items = rule.get("steps") or []
            if items and "intent" in items[0] and not rule.get("condition"):
                steps[items[0]["intent"]].append([s.get("action") for s in items[1:]])
    responses = _responses()
    for theme in THEMES:
        assert steps[f"ask_{theme}"], theme
        if f"utter_theme_{theme}" in responses:
            assert any(f"utter_theme_{theme}" in actions for actions in steps[f"ask_{theme}"]), theme
        else:
            # Until its answer exists: the offer of the support worker, never another theme's tips.
            assert all(not any(str(a).startswith("utter_theme_") for a in actions) for actions in steps[f"ask_{theme}"])


def test_every_label_maps_to_a_topic_of_the_contract_and_every_theme_is_its_own_topic():
    assert set(INTENT_TOPICS.values()) <= set(TOPICS)
    for label in LABELS:
        assert label.split("/")[0] in INTENT_TOPICS, label
    assert {intent_topic(f"ask_{t}") for t in THEMES} == set(THEMES)


def test_no_evaluation_sentence_or_near_duplicate_is_in_a_training_file():
    training = _training_texts()
    exact = set(training)
    leaks = []
    for name, text in _evaluation_texts():
        normal = _normal(text)
        if len(normal.split()) < 2:
            continue  # one word ("hoi") is not a sentence anyone wrote
        if normal in exact:
            leaks.append((name, text, "identical"))
            continue
        match = process.extractOne(normal, training, scorer=fuzz.ratio, score_cutoff=90) if len(normal) >= 12 else None
        if match:
            leaks.append((name, text, match[0]))
    assert leaks == []


def test_the_near_duplicate_check_catches_a_copied_sentence_with_a_typo():
    training = _training_texts()
    some = next(t for t in training if len(t) > 30)
    typo = some[:10] + some[11:]
    assert process.extractOne(typo, training, scorer=fuzz.ratio, score_cutoff=90)


def test_writers_files_are_not_dominated_by_one_label():
    for path in WRITERS.glob("*.yml"):
        counts = Counter({b["intent"]: len(_examples(b)) for b in _blocks(path)})
        assert max(counts.values()) <= 12, (path.name, counts.most_common(1))


def test_no_training_text_sits_under_two_intents_in_any_two_training_files():
    # Rasa refuses the same example under two intents; the writers' import leaves such a text out.
    labels = defaultdict(set)
    for path in NLU.rglob("*.yml"):
        for block in _blocks(path):
            for example in _examples(block):
                labels[_ANNOTATION.sub(r"\1", example).strip().lower()].add(block["intent"])
    assert {text: found for text, found in labels.items() if len(found) > 1} == {}
