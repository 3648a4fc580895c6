"""What the rules' floors ask on the risk corpus (rules only, no model): the numbers docs/safety.md quotes.

    .venv/bin/python scripts/floor_counts.py

A floor is a rule check-in that stands whatever the classifier says
(:func:`bot.safety.classifier.asks_anyway`). For each floor, and for a floor on violence at home at
the strength of the missing floor (not shipped: measured to show why), prints how many corpus
messages of each label it asks and the most safe messages it asks of one writer.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.safety import classifier, corpus, rules  # noqa: E402
from bot.safety.concepts import find  # noqa: E402


def violence_floor(rule: rules.RuleResult) -> bool:
    return (rule.outcome == "check_in" and rule.reason == "signal" and rule.category == "violence_home"
            and rule.score >= classifier.MISSING_FLOOR)


FLOORS = {
    "suicide floor (shipped)": classifier.suicide_floor,
    "missing floor (shipped)": classifier.missing_floor,
    "violence floor (not shipped)": violence_floor,
}


def counts(rows: list[dict]) -> dict[str, tuple[Counter, int]]:
    """{floor: (asked per label, most safe messages asked of one writer)}."""
    scored = [rules.score(find(r["text"])) for r in rows]
    out = {}
    for name, floor in FLOORS.items():
        labels, safe_by_writer = Counter(), Counter()
        for row, rule in zip(rows, scored, strict=True):
            if floor(rule):
                labels[row["label"]] += 1
                if row["label"] == "safe":
                    safe_by_writer[row["writer"]] += 1
        out[name] = (labels, max(safe_by_writer.values(), default=0))
    return out


def main() -> int:
    rows = corpus.load()
    total = Counter(r["label"] for r in rows)
    print(f"risk corpus: {len(rows)} messages ({', '.join(f'{k} {v}' for k, v in sorted(total.items()))})")
    for name, (labels, worst) in counts(rows).items():
        asked = ", ".join(f"{label} {labels[label]} of {total[label]}" for label in sorted(total))
        print(f"{name}: asks {asked}; at most {worst} safe messages of one writer")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
