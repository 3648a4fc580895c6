"""How often the shipped safety screen answers an everyday message with the check-in question or
the crisis card, on the writers' NLU corpus (messages the risk classifier never trained on).

The NLU writers wrote first messages about everyday themes (school, sleep, upbringing, a divorce,
gaming, exams…), questions about the practice and answers to the intake's questions. Those
intents are listed in ORDINARY_INTENTS; themes where a writer may well have written a real risk
(self-harm, low mood, loneliness, eating, fear, grief, tantrums, bullying, gender and sexuality) and
the safety, check-in and stop intents are left out. A check-in on one of these messages asks a
parent with a question about bedtimes "denk je aan zelfdoding?": in the bot, such messages are
nearly all messages. `bot.safety.screen.screen` decides, exactly as for a first message.

Prints per writer and per intent; --write appends the table to docs/benchmarks.md.
Usage: python scripts/safety_ordinary_eval.py [--corpus DIR] [--write]  (`make safety-ordinary`)
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ORDINARY_INTENTS = {
    "ask_school", "ask_opvoeding", "ask_slaap", "ask_scheiding", "ask_adhd_autisme", "ask_examenstress",
    "ask_middelen_gamen", "ask_baby_jgz", "request_appointment", "reschedule_appointment", "cancel_appointment",
    "greet", "thanks", "goodbye", "affirm", "deny", "help", "privacy", "taal", "bot_challenge", "inform_role",
    "inform_age", "inform_duration", "inform_school", "inform_name", "inform_contact", "inform_practice",
    "dont_know", "prefer_not_say", "skip", "go_back", "correct",
}


def ordinary(label: str) -> bool:
    return label in ORDINARY_INTENTS or label.startswith("faq/")


NLU_WRITERS = ROOT / "nlu_data" / "data" / "nlu" / "writers"


def load(corpus: Path) -> list[dict]:
    """The everyday messages of ``corpus``: the writers' Rasa files (``<writer>.yml``, read as
    `make nlu-eval` reads them) or JSON lines with ``text``, ``label`` and ``writer``."""
    from scripts.nlu_eval import writer_examples

    rows = []
    for path in sorted(corpus.glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            rows += [r for r in (json.loads(line) for line in fh if line.strip()) if ordinary(r["label"])]
    for path in sorted(corpus.glob("*.yml")):
        rows += [{"text": text, "label": label, "writer": path.stem}
                 for text, label in writer_examples(path) if text and ordinary(label)]
    return rows


def report(rows: list[dict]) -> str:
    from bot.safety import model
    from bot.safety.screen import screen

    outcomes = [screen(r["text"]).outcome for r in rows]
    by_writer: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    by_intent: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for row, out in zip(rows, outcomes, strict=True):
        by_writer[row["writer"]][out] += 1
        by_intent[row["label"].split("/")[0]][out] += 1

    def rates(c: collections.Counter) -> str:
        n = sum(c.values())
        return f"{n} | {c['check_in'] / n:.3f} | {c['crisis'] / n:.3f}"

    total = collections.Counter(outcomes)
    lines = [f"Shipped screen {model.load().version}, {len(rows)} everyday messages by {len(by_writer)} NLU writers "
             "(the risk classifier never trained on them).", "",
             "| writer | n | check-in | crisis card |", "|---|---|---|---|"]
    lines += [f"| {w} | {rates(c)} |" for w, c in sorted(by_writer.items())]
    lines.append(f"| **all** | {rates(total)} |")
    worst = sorted(by_intent.items(), key=lambda kv: -(kv[1]["check_in"] + kv[1]["crisis"]) / sum(kv[1].values()))[:8]
    lines += ["", "Intents that get the most check-ins or cards: " + ", ".join(
        f"{k} {(c['check_in'] + c['crisis']) / sum(c.values()):.2f} (n {sum(c.values())})" for k, c in worst) + "."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=NLU_WRITERS,
                    help="the NLU writers' files (default nlu_data/data/nlu/writers, the Rasa training writers)")
    ap.add_argument("--write", action="store_true", help="append the table to docs/benchmarks.md")
    args = ap.parse_args(argv)
    rows = load(args.corpus)
    if not rows:
        print(f"no everyday messages in {args.corpus} (*.yml or *.jsonl)", file=sys.stderr)
        return 1
    text = report(rows)
    print(text)
    if args.write:
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        with open(ROOT / "docs" / "benchmarks.md", "a", encoding="utf-8") as fh:
            fh.write(f"\n## Safety screen on everyday messages (NLU writers), {stamp}\n\n"
                     f"`scripts/safety_ordinary_eval.py` on {args.corpus}.\n\n{text}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
