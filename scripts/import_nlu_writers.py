"""Bring independent writers' NLU examples into the training data, one file per writer.

    .venv/bin/python scripts/import_nlu_writers.py /path/to/writers/nlu/*.jsonl

Each input line is ``{"text", "label", "lang", "writer"}``. The output is
``nlu_data/data/nlu/writers/<writer>.yml``: one block per label with Rasa 3 intent metadata
``writer: <writer>``, so every example keeps who wrote it (``make nlu-eval`` leaves one writer
out at a time by reading that metadata). The text is never changed; the script only marks
entities the intake reads (age, relation, duration, role) where a pattern finds them
unambiguously, so a re-import of the same file gives the same YAML.

Every message of a training writer is training data. The messages by writers who wrote none of
the training data (the hold-out writers of tests/data/themes_holdout/, sent through the real
stack by tests/conversation/test_themes_holdout.py) are never imported.

Run it again when a writer's file changes; never hand-edit the output. A text that writers
labelled differently ("not really, no" is deny or not_safe_now, only the question tells) is
left out of both labels and reported, because Rasa refuses one example under two intents, unless
one label has a clear majority of the writers ("ja" is affirm for eight, an answer about school
for one): then only the other labels lose it. Left out too is
a writer's text that another training file (nlu_data/data/nlu/*.yml, or another writer's file not
imported in the same run) has under another intent. A
text that is (nearly) an evaluation sentence of tests/data is left out too: an evaluation set
must never be trained on (tests/unit/test_classify_data.py checks the result); and so is a text
of four words or more that is (nearly) a message of the risk corpus (data/risk/), on which the
safety evaluation scores Rasa's crisis intent (tests/unit/test_safety_corpus.py checks it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "nlu_data" / "data" / "nlu" / "writers"
EVALUATION = ROOT / "tests" / "data"

# Relation words the intake records, with the value the slot gets (EntitySynonymMapper).
RELATIONS = {
    "zoon": "zoon", "zoontje": "zoon", "dochter": "dochter", "dochtertje": "dochter", "kind": "kind",
    "kindje": "kind", "leerling": "leerling", "broertje": "broertje", "zusje": "zusje", "broer": "broer",
    "zus": "zus", "pleegzoon": "zoon", "pleegdochter": "dochter", "kleinzoon": "kleinzoon",
    "kleindochter": "kleindochter", "kleinkind": "kleinkind", "son": "zoon", "daughter": "dochter",
}
# A writer's own role, only where they say it of themselves ("ik ben moeder", "I'm his dad").
ROLE_WORDS = {
    "moeder": "ouder", "vader": "ouder", "mama": "ouder", "papa": "ouder", "ouder": "ouder",
    "pleegmoeder": "ouder", "pleegvader": "ouder", "pleegouder": "ouder", "oma": "ouder", "opa": "ouder",
    "grootmoeder": "ouder", "grootvader": "ouder", "voogd": "ouder", "mum": "ouder", "mom": "ouder",
    "dad": "ouder", "mother": "ouder", "father": "ouder", "parent": "ouder",
    "mentor": "professional", "docent": "professional", "leerkracht": "professional", "juf": "professional",
    "jeugdarts": "professional", "teacher": "professional", "zorgcoördinator": "professional",
    "intern begeleider": "professional", "jeugdverpleegkundige": "professional",
    "jgz-verpleegkundige": "professional", "wijkteammedewerker": "professional",
}
NUMBER_WORDS = (
    "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf",
    "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien", "twintig",
    "eenentwintig", "tweeëntwintig", "drieëntwintig",
)
_NUM = r"(?:\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
# "van 14", "is 9 jaar", "14 jaar", "14 jr", "14yo", "14-year-old", "aged 12".
AGE_RE = re.compile(
    r"(?:(?<=\bvan )|(?<=\bis )|(?<=\bben )|(?<=\baged )|(?<=\bage )|(?<=\bwordt )|(?<=\bturned ))"
    r"(\d{1,2})\b(?!\s*(?:weken|week|maanden|maand|dagen|dag|uur|keer|minuten|euro|%|weeks|months|days|hours|times|x\b|e\b|ste\b|de\b))"
    r"|\b(" + _NUM.replace("een|", "") + r")(?=\s*(?:jaar|jr|jarige|years?|yrs?|yo\b|-year|\s?y/o))(?!\s*(?:jaar|years?) (?:geleden|ago))"
    r"|(?<=\()(\d{1,2})(?=[,)])",
    re.IGNORECASE,
)
_SPAN = r"(?:" + _NUM + r"|paar|een paar|half|een half|anderhalf|enkele|a few|a couple of|two|three|four|six)"
# "drie weken", "al 2 jaar", "sinds de zomer"; a bare "14 jaar" is an age, and "baby van 2 maanden" too.
DURATION_RE = re.compile(
    r"\b((?:al|sinds|ongeveer|bijna|ruim|for|already|over)\s+" + _SPAN + r"\s+(?:jaar|years?|weken|week|maanden|maand|dagen|weeks?|months?|days?))\b"
    r"|(?<!\bvan )(?<!\bof )\b(" + _SPAN + r"\s+(?:weken|week|maanden|maand|dagen|weeks?|months?|days?))\b"
    r"|\b(sinds (?:de |het |vorige |afgelopen )?(?:zomer|zomervakantie|kerst|kerstvakantie|herfstvakantie|"
    r"meivakantie|voorjaarsvakantie|vorig jaar|vorige week|vorige maand|de scheiding|corona)|since (?:the )?summer|"
    r"since christmas|since last year)\b",
    re.IGNORECASE,
)
ROLE_RE = re.compile(
    r"\b(?:ik ben (?:de |een |zijn |haar |hun )?|i'?m (?:his |her |their |a |the )?|i am (?:his |her |their |a |the )?|"
    r"(?:ik|mij|me|i) (?:als|as) (?:a |de |een )?)(" + "|".join(sorted(map(re.escape, ROLE_WORDS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
SELF_RE = re.compile(r"\b(?:voor|over) (mezelf|mijzelf|mij|me)\b\.?$|\b(myself)\b", re.IGNORECASE)
RELATION_RE = re.compile(r"\b(" + "|".join(sorted(RELATIONS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
# Labels whose examples get entities; intake answers get only their own.
ENTITY_LABELS = {
    "inform_age": ("age",), "inform_duration": ("duration",), "inform_role": ("role", "relation"),
}
THEME_ENTITIES = ("age", "relation", "duration", "role")


def _aligned(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end:end + 2]
    return before.isspace() and (after == "" or after[0].isspace() or (after[0] in ".,!?;:" and after[1:2] in ("", " ")))


def _spans(text: str, label: str) -> list[tuple[int, int, str, str | None]]:
    """(start, end, entity, synonym value or None) for the entities found, without overlaps."""
    if label.startswith("ask_") or label in ("other_care", "request_appointment"):
        wanted = THEME_ENTITIES
    else:
        wanted = ENTITY_LABELS.get(label, ())
    found: list[tuple[int, int, str, str | None]] = []
    if "age" in wanted:
        for m in AGE_RE.finditer(text):
            group = next(g for g in (1, 2, 3) if m.group(g))
            value = m.group(group)
            if label == "inform_age" or not value.isdigit() or 0 < int(value) <= 25:
                found.append((m.start(group), m.end(group), "age", None))
        if label == "inform_age" and not found:
            m = re.search(r"\b(" + _NUM + r")\b", text, re.IGNORECASE)
            if m:
                found.append((m.start(1), m.end(1), "age", None))
    if "duration" in wanted:
        for m in DURATION_RE.finditer(text):
            group = next(g for g in (1, 2, 3) if m.group(g))
            found.append((m.start(group), m.end(group), "duration", None))
    if "role" in wanted:
        for m in ROLE_RE.finditer(text):
            value = ROLE_WORDS[m.group(1).lower()]
            found.append((m.start(1), m.end(1), "role", value))
        if label == "inform_role":
            for m in SELF_RE.finditer(text):
                group = 1 if m.group(1) else 2
                found.append((m.start(group), m.end(group), "role", "jongere"))
    if "relation" in wanted:
        for m in RELATION_RE.finditer(text):
            value = RELATIONS[m.group(1).lower()]
            found.append((m.start(1), m.end(1), "relation", value))
    # Rasa's whitespace tokenizer must see the entity as whole tokens ("13yo" and "(11)" are not).
    found = [f for f in found if _aligned(text, f[0], f[1])]
    found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int, str, str | None]] = []
    for span in found:
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept


def annotate(text: str, label: str) -> str:
    """The example in Rasa's markdown-in-YAML form, with entity annotations."""
    # Brackets of the writer's own would read as annotations; Rasa has no escape for them.
    text = text.replace("[", "(").replace("]", ")")
    out, last = [], 0
    for start, end, entity, value in _spans(text, label):
        word = text[start:end]
        out.append(text[last:start])
        if value is not None and value != word:
            out.append(f"[{word}]({entity}:{value})")
        else:
            out.append(f"[{word}]({entity})")
        last = end
    out.append(text[last:])
    return "".join(out)


def _yaml_block_line(example: str) -> str:
    return "      - " + example.replace("\n", " ").strip()


def load(paths: list[Path]) -> dict[str, list[dict]]:
    by_writer: dict[str, list[dict]] = defaultdict(list)
    for path in paths:
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip():
                continue
            row = json.loads(raw)
            missing = {"text", "label", "writer"} - set(row)
            if missing:
                raise SystemExit(f"{path}:{number}: missing {sorted(missing)}")
            by_writer[row["writer"]].append(row)
    return by_writer


# A text that writers labelled differently keeps the label most writers gave it when at least
# this many times as many writers gave it as gave any other ("ja": affirm by eight writers,
# inform_school by one, who meant "does your child go to school?"); otherwise it is left out.
MAJORITY = 3


def ambiguous_texts(by_writer: dict[str, list[dict]]) -> dict[str, set[str]]:
    """Texts to leave out, with the labels to leave out under: every label of a text without a
    clear majority, the minority labels of a text with one."""
    writers: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for writer, rows in by_writer.items():
        for row in rows:
            writers[row["text"].strip().lower()][row["label"]].add(writer)
    found = {}
    for text, by_label in writers.items():
        if len(by_label) < 2:
            continue
        ranked = sorted(by_label, key=lambda label: len(by_label[label]), reverse=True)
        top, runner_up = len(by_label[ranked[0]]), len(by_label[ranked[1]])
        found[text] = set(ranked[1:]) if top >= MAJORITY * runner_up else set(ranked)
    return found


_ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def other_training_labels(nlu_dir: Path = OUT.parent, writers_dir: Path | None = None,
                          importing: set[str] = frozenset()) -> dict[str, set[str]]:
    """The intents of every example in the training files outside the writers' folder, and in
    ``writers_dir``'s files of the writers not imported now (their own files are written again)."""
    labels: dict[str, set[str]] = defaultdict(set)
    paths = sorted(nlu_dir.glob("*.yml"))
    if writers_dir is not None:
        paths += [p for p in sorted(writers_dir.glob("*.yml")) if p.stem not in importing]
    for path in paths:
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            if "intent" not in block:
                continue
            for line in (block.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    labels[_ANNOTATION.sub(r"\1", line.strip()[2:]).strip().lower()].add(block["intent"])
    return labels


def conflicts_with_other_files(by_writer: dict[str, list[dict]], others: dict[str, set[str]]) -> dict[str, set[str]]:
    """Writers' texts that another training file labels with another intent (Rasa refuses both)."""
    found: dict[str, set[str]] = defaultdict(set)
    for rows in by_writer.values():
        for row in rows:
            key = row["text"].strip().lower()
            if key in others and row["label"] not in others[key]:
                found[key] |= others[key] | {row["label"]}
    return dict(found)


def normal(text: str) -> str:
    """The form both this script and the leak test compare texts in."""
    return " ".join(re.sub(r"[^\w\s]", " ", _ANNOTATION.sub(r"\1", text).lower()).split())


def evaluation_texts(data_dir: Path = EVALUATION) -> list[str]:
    """Every message of every evaluation set under tests/data (sub-folders included)."""
    texts = []
    for path in sorted(data_dir.rglob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for path in sorted(data_dir.rglob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            texts += [line.strip()[2:] for line in (block.get("examples") or "").splitlines() if line.strip().startswith("- ")]
    return [n for n in map(normal, texts) if len(n.split()) >= 2]


def is_evaluation_text(text: str, evaluation: list[str]) -> bool:
    from rapidfuzz import fuzz, process

    n = normal(text)
    if n in evaluation:
        return True
    longer = [e for e in evaluation if len(e) >= 12]
    return len(n) >= 12 and process.extractOne(n, longer, scorer=fuzz.ratio, score_cutoff=90) is not None


def risk_messages() -> list[str]:
    """The risk corpus's messages, folded as tests/unit/test_safety_corpus.py compares them: the
    safety evaluation scores Rasa's crisis intent on them, so none may be Rasa training data."""
    from bot.safety import corpus
    from bot.safety.fold import fold

    return [fold(r["text"]) for r in corpus.load()]


def is_risk_message(example: str, risk: list[str]) -> bool:
    """The annotated example (nearly) a risk corpus message; examples under four words are not
    compared ("weet ik niet" is everybody's)."""
    from rapidfuzz import fuzz, process

    from bot.safety.fold import fold

    folded = fold(example)
    return bool(risk) and len(folded.split()) >= 4 and process.extractOne(
        folded, risk, scorer=fuzz.ratio, score_cutoff=90) is not None


def render(writer: str, rows: list[dict], skip: dict[str, set[str]], evaluation: list[str],
           risk: list[str] | None = None) -> str:
    blocks: dict[str, list[str]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for row in rows:
        key = row["text"].strip().lower()
        if row["label"] in skip.get(key, ()) or (row["label"], key) in seen:
            continue
        if is_evaluation_text(row["text"], evaluation):
            print(f"left out (an evaluation sentence of tests/data): {writer} {row['label']}", file=sys.stderr)
            continue
        example = annotate(row["text"].strip(), row["label"])
        if is_risk_message(example, risk or []):
            print(f"left out (a risk corpus message, data/risk): {writer} {row['label']}", file=sys.stderr)
            continue
        seen.add((row["label"], key))
        blocks[row["label"]].append(example)
    lines = [
        'version: "3.1"',
        "",
        f"# Written by {writer}, an independent writer (see docs/nlu.md). Generated by",
        "# scripts/import_nlu_writers.py from the writer's file; do not edit by hand.",
        "nlu:",
    ]
    for label in sorted(blocks):
        lines += [f"  - intent: {label}", "    metadata:", f"      writer: {writer}", "    examples: |"]
        lines += [_yaml_block_line(e) for e in blocks[label]]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--evaluation", type=Path, default=EVALUATION,
                        help="the folder of evaluation sets no training text may (nearly) repeat")
    args = parser.parse_args(argv)
    by_writer = load(args.files)
    skip = ambiguous_texts(by_writer)
    for text, labels in sorted(skip.items()):
        print(f"left out under {' and '.join(sorted(labels))} (writers labelled it differently): {text!r}", file=sys.stderr)
    for text, labels in sorted(conflicts_with_other_files(
            by_writer, other_training_labels(args.out.parent, args.out, set(by_writer))).items()):
        print(f"left out (labelled {' and '.join(sorted(labels))} here and in another training file): {text!r}",
              file=sys.stderr)
        skip.setdefault(text, set()).update(labels)
    evaluation = evaluation_texts(args.evaluation)
    risk = risk_messages()
    args.out.mkdir(parents=True, exist_ok=True)
    for writer, rows in sorted(by_writer.items()):
        path = args.out / f"{writer}.yml"
        path.write_text(render(writer, rows, skip, evaluation, risk), encoding="utf-8")
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {len(rows)} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
