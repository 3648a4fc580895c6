"""scripts/who_eval.py counts the card's two voice mistakes and its language on the writers' labels."""

import json

from scripts import who_eval


def test_counts_each_mistake_once_on_a_small_set(tmp_path):
    rows = [
        {"text": "ik wil dood, ik heb de pillen al klaarliggen", "label": "crisis", "about": "self", "lang": "nl"},
        # someone else's danger that names nobody but the writer's own card words: answered as own
        {"text": "wil er niet meer zijn, heb de pillen al", "label": "crisis", "about": "other", "lang": "nl"},
        {"text": "my daughter cut her arms tonight, there is blood everywhere", "label": "crisis", "about": "child",
         "lang": "en"},
        {"text": "we gaan naar de film", "label": "ordinary", "about": "self", "lang": "nl"},  # not counted
    ]
    path = tmp_path / "w.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    from bot.safety import language, who

    counts = who_eval.score(who_eval.rows_of([tmp_path]), {"now": (who, language)})["now"]
    assert counts["n"] == 3 and counts["own"] == 1 and counts["others"] == 2
    assert counts["others_as_own"] == 1 and counts["own_as_others"] == 0
    assert counts["lang_n"] == 3 and counts["lang_wrong"] == 0
    assert who_eval.line(counts) == ("1/2 (0.50)", "0/1 (0.00)", "0/3 (0.00)")
