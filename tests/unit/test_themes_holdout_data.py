"""The hold-out writers' messages (tests/data/themes_holdout/) stay test data: complete for every
theme and role, with their writer kept, by writers who wrote no training data, and never (nor a
near-duplicate of them) in nlu_data. The stack test that sends them is
tests/conversation/test_themes_holdout.py. With THEMES_HOLDOUT_FRESH set (`make themes-holdout
FRESH=<folder>`) the same checks run on a folder of fresh hold-out writers before they are scored."""

import re
from collections import Counter
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from bot.content.themes import THEMES
from tests.support.themes_holdout import PARENT_ONLY, ROLES, holdout_dir, holdout_messages

ROOT = Path(__file__).resolve().parents[2]
NLU_DATA = ROOT / "nlu_data"
_ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def _rows() -> list[dict]:
    assert any(holdout_dir().glob("*.jsonl")), holdout_dir()
    return holdout_messages()


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", _ANNOTATION.sub(r"\1", text).lower()).split())


def _training_texts() -> list[str]:
    """Every example line in every YAML file under nlu_data (NLU data, stories, test stories)."""
    found = []
    for path in NLU_DATA.rglob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line.startswith("- "):
                found.append(_normal(line[2:]))
            elif line.startswith(("user:", "- user:", "text:")):
                found.append(_normal(line.split(":", 1)[1].strip().strip('"|')))
    return [t for t in found if t]


def test_three_writers_both_roles_three_first_messages_per_theme_each():
    """The young person's writer wrote no messages for the two themes only a parent brings (a
    crying baby, an overloaded parent): a young parent writes as a parent."""
    rows = _rows()
    writers = {r["writer"]: r["role"] for r in rows}
    assert len(writers) >= 3, writers
    assert {ROLES[role] for role in writers.values()} == {"ouder", "jongere"}
    counts = Counter((r["writer"], r["topic"]) for r in rows)
    for writer, role in writers.items():
        themes = [t for t in THEMES if ROLES[role] == "ouder" or t not in PARENT_ONLY]
        assert {theme: counts[(writer, theme)] for theme in themes} == {theme: 3 for theme in themes}, writer
        assert {topic for (w, topic) in counts if w == writer} == set(themes), writer
    assert all(r["file"] == r["writer"] and r["text"].strip() for r in rows)
    assert all(r["role"] == writers[r["writer"]] for r in rows)  # one role per writer


def test_no_hold_out_writer_wrote_training_data():
    training_writers = set()
    for path in (NLU_DATA / "data").rglob("*.yml"):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            training_writers.add((block.get("metadata") or {}).get("writer"))
    assert {r["writer"] for r in _rows()} & training_writers == set()


def _leaks(rows: list[dict], training: list[str]) -> list[tuple[str, str, str]]:
    exact = set(training)
    leaks = []
    for row in rows:
        text = _normal(row["text"])
        if text in exact:
            leaks.append((row["writer"], row["topic"], "identical"))
        elif process.extractOne(text, training, scorer=fuzz.ratio, score_cutoff=85) is not None:
            leaks.append((row["writer"], row["topic"], "near-duplicate"))
    return leaks


def test_no_hold_out_message_or_a_near_duplicate_is_in_nlu_data():
    assert _leaks(_rows(), _training_texts()) == []


def test_the_leak_check_finds_a_hold_out_message_copied_as_is_or_with_a_typo():
    rows = _rows()[:2]
    first = _normal(rows[0]["text"])
    training = _training_texts()
    assert len(_leaks(rows, [*training, first[:8] + first[9:], _normal(rows[1]["text"].upper() + "!")])) == 2
