"""The risk corpus follows the writers' protocol (docs/safety.md, WRITERS.md).

- every message keeps its writer, every writer covers every label and crisis category, so that
  leaving one writer out still leaves every label covered;
- no corpus message (or a near-duplicate of one) sits in the vocabularies, in the rules or in
  Rasa's training data: the corpus is evaluation data for every writer in turn;
- no message of one writer is a near-duplicate of another writer's, so the left-out writer's
  messages are never in the training writers' files under another name.
"""

from collections import Counter
from pathlib import Path

import pytest
from rapidfuzz import fuzz, process

from bot.config import PROJECT_ROOT
from bot.safety import corpus, rules, vocab
from bot.safety.fold import fold

NEAR = 90  # rapidfuzz ratio (0-100) from which two texts count as near-duplicates


@pytest.fixture(scope="module")
def rows():
    return corpus.load()


def test_the_corpus_is_big_varied_and_keeps_its_writers(rows):
    labels = Counter(r["label"] for r in rows)
    writers = Counter(r["writer"] for r in rows)
    assert len(rows) >= 1500 and labels["crisis"] >= 600 and labels["safe"] >= 600 - labels["ordinary"]
    full = [w for w in writers if {r["label"] for r in rows if r["writer"] == w} == set(corpus.LABELS)]
    assert len(full) >= 5, "at least five writers of every label: leaving one out leaves every label covered"
    for writer in writers:
        mine = [r for r in rows if r["writer"] == writer]
        if writer in full:
            assert {r["category"] for r in mine if r["label"] == "crisis"} == set(rules.CATEGORIES), writer
        elif any(r["label"] != "ordinary" for r in mine):
            # A writer of SHORT messages (brief RISK_SHORT_BRIEF): crisis in every category, safe
            # and ordinary, every message at most ten words.
            assert {r["label"] for r in mine} == {"crisis", "safe", "ordinary"}, writer
            assert {r["category"] for r in mine if r["label"] == "crisis"} == set(rules.CATEGORIES), writer
            assert all(len(r["text"].split()) <= 10 for r in mine), writer
        else:
            # A writer of short everyday answers to the intake's questions (brief EVERYDAY_BRIEF,
            # category everyday_answer) or of everyday first messages, questions and replies
            # (brief EVERYDAY_FIRST_BRIEF, category ordinary): nobody in danger, one category.
            assert {r["category"] for r in mine} in ({"everyday_answer"}, {"ordinary"}), writer
    for row in rows:
        assert row["label"] in corpus.LABELS and row["text"].strip()
        if row["label"] in ("crisis", "concern"):
            assert row["category"] in rules.CATEGORIES
        if "label_was" in row:
            assert row.get("relabel_reason", "").strip(), "a relabelled message keeps its reason"


def test_every_writer_file_holds_only_that_writer():
    for path in corpus.files():
        assert {r["writer"] for r in corpus.load_file(path)} == {path.stem}


def _phrases() -> list[str]:
    """The vocabulary entries as plain words (pattern syntax removed), four words or longer."""
    out = []
    for entries in vocab.CONCEPTS.values():
        for entry in entries:
            plain = fold(entry.replace("~", " ").replace("*", "").replace("(", " ").replace(")", " ").replace("|", " "))
            if len(plain.split()) >= 4:
                out.append(plain)
    return out


def test_no_corpus_message_sits_in_the_vocabularies(rows):
    messages = [fold(r["text"]) for r in rows]
    source = fold((PROJECT_ROOT / "bot" / "safety" / "vocab.py").read_text(encoding="utf-8"))
    for message in messages:
        if len(message.split()) >= 5:
            assert message not in source, message[:60]
    phrases = _phrases()
    scores = process.cdist(phrases, messages, scorer=fuzz.ratio, workers=1)
    worst = scores.max()
    assert worst < NEAR, "a vocabulary entry is (nearly) a corpus message"


def test_no_corpus_message_is_rasa_training_data(rows):
    examples = [e for e in corpus.nlu_examples() if len(e.split()) >= 4]
    messages = [fold(r["text"]) for r in rows]
    scores = process.cdist(examples, messages, scorer=fuzz.ratio, workers=1)
    assert scores.max() < NEAR, "an NLU example is (nearly) a risk corpus message"


def test_no_message_is_a_near_duplicate_of_another_writers_message(rows):
    long_rows = [r for r in rows if len(r["text"]) >= 25]
    texts = [fold(r["text"]) for r in long_rows]
    scores = process.cdist(texts, texts, scorer=fuzz.ratio, workers=1)
    clashes = []
    for i, row in enumerate(long_rows):
        for j in scores[i].nonzero()[0]:
            if j > i and scores[i][j] >= NEAR and long_rows[j]["writer"] != row["writer"]:
                clashes.append((row["writer"], long_rows[j]["writer"]))
    assert not clashes, clashes[:5]


def test_the_previous_single_author_sets_are_kept_as_history():
    data = Path(PROJECT_ROOT / "tests" / "data")
    assert (data / "safety_eval.jsonl").exists() and (data / "safety_heldout.jsonl").exists()
