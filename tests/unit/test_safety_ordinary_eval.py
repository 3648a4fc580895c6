"""scripts/safety_ordinary_eval.py reads the NLU writers' Rasa files: everyday intents only, the
entity annotations taken out, the writer kept."""

from tests.support.scripts import load_script


def test_the_everyday_messages_come_from_the_writers_rasa_files_without_annotations(tmp_path):
    script = load_script("safety_ordinary_eval")
    (tmp_path / "nlu-someone.yml").write_text(
        'version: "3.1"\nnlu:\n'
        "- intent: ask_slaap\n  examples: |\n    - mijn zoon van [9](age) slaapt slecht\n    - she won't sleep\n"
        "- intent: ask_zelfbeschadiging\n  examples: |\n    - ze krast zich\n"
        "- intent: faq/kosten\n  examples: |\n    - wat kost het\n", encoding="utf-8")
    rows = script.load(tmp_path)
    assert [(r["text"], r["label"], r["writer"]) for r in rows] == [
        ("mijn zoon van 9 slaapt slecht", "ask_slaap", "nlu-someone"),
        ("she won't sleep", "ask_slaap", "nlu-someone"),
        ("wat kost het", "faq/kosten", "nlu-someone"),
    ]


def test_the_default_corpus_is_the_projects_nlu_writers():
    script = load_script("safety_ordinary_eval")
    rows = script.load(script.NLU_WRITERS)
    assert len({r["writer"] for r in rows}) >= 5 and len(rows) >= 1000
    assert not any("](" in r["text"] for r in rows)
