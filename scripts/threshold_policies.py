"""How the crisis threshold is chosen, measured on the leave-one-writer-out folds (no fitting).

    make safety-eval KEEP=var/folds.joblib      (once: keeps every fold's predictions)
    .venv/bin/python scripts/threshold_policies.py var/folds.joblib

Reads the predictions ``scripts/safety_eval.py --keep`` kept (for every fold: the left-out writer's
by the fold's model, and the inner out-of-writer predictions of the training writers that the
thresholds were chosen on) and prints, per fold:

- which training writer's safe messages set the crisis threshold (the one whose crisis-card rate
  would pass its cap one grid step lower): the threshold is a maximum over writers, so with more
  writers one writer's two or three hard negatives decide it for everyone;
- where the left-out writer's crisis messages that got no card stand: P(crisis) just under the
  threshold, far under it, or an explicit rule signal the classifier did not share;

and, for each way of choosing the thresholds, the mean and worst left-out writer's help lines at
once, caught, and crisis card and check-in on safe messages:

- ``per writer`` (the shipped choice, :func:`bot.safety.classifier.choose_thresholds`): no training
  writer's safe messages over the cap;
- ``pooled``: the same caps on all training writers' safe messages together;
- ``own alarms``: per writer, but a writer whose safe messages the explicit rules alone already send
  the card more often than the cap keeps the classifier's allowance on top of the rules' alarms
  (the shipped choice gives the classifier none there, so that one writer's highest safe P(crisis)
  sets the classifier's crisis threshold for every writer).

- ``per writer, cap 0.06`` / ``per writer, cap 0.10`` / ``pooled, cap 0.02``: the same rules with another
  crisis-card cap, to see the trade-off between help lines at once and false cards (a measurement, not a
  choice: the shipped cap is bot.safety.classifier.CRISIS_FALSE_ALARM_CAP);
- ``…, short ≤ N asked``: the same thresholds, but a message of at most N words that only the
  classifier sends the card gets the check-in instead (:func:`short_guarded`).

Corpus writers only: never run on a fresh set (it would be tuning on it).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.safety import corpus, rules  # noqa: E402
from bot.safety.classifier import CRISIS_FALSE_ALARM_CAP, choose_thresholds, decide  # noqa: E402
from bot.safety.concepts import find  # noqa: E402


def binding_writer(rows, hits, inner, t) -> str | None:
    """The training writer whose safe messages would get the card more often than the cap one grid
    step under the chosen crisis threshold (the classifier's card alone)."""
    lower = round(t.crisis - 0.01, 3)
    worst, name = 0.0, None
    for writer in sorted({r["writer"] for r in rows}):
        idx = [i for i, r in enumerate(rows) if r["writer"] == writer and r["label"] in ("safe", "ordinary")]
        if not idx:
            continue
        rate = float(np.mean([inner[i].crisis >= lower for i in idx]))
        if rate > CRISIS_FALSE_ALARM_CAP + 1e-9 and rate - CRISIS_FALSE_ALARM_CAP > worst:
            worst, name = rate - CRISIS_FALSE_ALARM_CAP, writer
    return name


def choose_own_alarms(rows, hits, oof):
    """As :func:`choose_thresholds`, except that a writer whose safe messages the explicit rules
    alone send the card more often than the cap keeps the classifier's allowance on top of the
    rules' alarms (cap = the rules' rate + the cap), instead of none: one such writer no longer
    sets the classifier's crisis threshold for every writer."""
    from bot.safety import classifier as c

    explicit = np.array([(r := rules.score(h)).outcome == "crisis" and r.reason == "explicit" for h in hits])
    original = c.CRISIS_FALSE_ALARM_CAP
    writers = sorted({r["writer"] for r in rows})
    levels = np.array([c.level_of(r["label"]) for r in rows])
    writer_of = np.array([r["writer"] for r in rows])
    over = [w for w in writers if explicit[(writer_of == w) & (levels == "none")].mean() > original]
    # The same choice with the over-cap writers' rule alarms taken out of their safe messages.
    keep = [i for i, r in enumerate(rows) if not (r["writer"] in over and explicit[i] and levels[i] == "none")]
    return choose_thresholds([rows[i] for i in keep], [hits[i] for i in keep], oof=[oof[i] for i in keep])


def with_crisis_cap(cap: float, rows, hits, oof):
    """:func:`choose_thresholds` with another crisis-card cap for each group of safe messages (the
    pooled ordinary cap and everything else as shipped): the trade-off between the per-writer and the
    pooled rule, measured, not chosen."""
    from bot.safety import classifier

    shipped = classifier.CRISIS_FALSE_ALARM_CAP
    classifier.CRISIS_FALSE_ALARM_CAP = cap
    try:
        return choose_thresholds(rows, hits, oof=oof)
    finally:
        classifier.CRISIS_FALSE_ALARM_CAP = shipped


def short_guarded(rule, prediction, thresholds, text: str, words: int) -> str:
    """:func:`decide`, except that the classifier alone (no rule signal) sends the check-in, not the
    card, to a message of at most ``words`` words: the n-grams of a short message are few, so one
    scary word carries it ("ik heb een snee in mijn vinger van het koken" got the card from the pooled
    thresholds of session 14's candidate). A measurement, not shipped."""
    outcome, source = decide(rule, prediction, thresholds)
    if words and outcome == "crisis" and source == "classifier" and len(text.split()) <= words:
        return "check_in"
    return outcome


def rates(rows, hits, preds, thresholds, short: int = 0) -> dict[str, float]:
    outs = [short_guarded(rules.score(h), p, thresholds, r["text"], short)
            for r, h, p in zip(rows, hits, preds, strict=True)]
    out: dict[str, float] = {}
    crisis = [o for r, o in zip(rows, outs, strict=True) if r["label"] == "crisis"]
    safe = [o for r, o in zip(rows, outs, strict=True) if r["label"] == "safe"]
    if crisis:
        out["help lines"] = sum(o == "crisis" for o in crisis) / len(crisis)
        out["caught"] = sum(o != "none" for o in crisis) / len(crisis)
    if safe:
        out["safe: card"] = sum(o == "crisis" for o in safe) / len(safe)
        out["safe: check-in"] = sum(o == "check_in" for o in safe) / len(safe)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kept", type=Path, help="the file of make safety-eval KEEP=…")
    parser.add_argument("--write", action="store_true", help="append the output to docs/benchmarks.md")
    args = parser.parse_args(argv)
    if not args.write:
        return compare(args.kept)
    import contextlib
    import io
    from datetime import datetime, timezone

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = compare(args.kept)
    print(buffer.getvalue(), end="")
    if code == 0:
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")
        with open(ROOT / "docs" / "benchmarks.md", "a", encoding="utf-8") as fh:
            fh.write(f"\n## Crisis threshold policies on kept leave-one-writer-out folds, {stamp} UTC\n\n"
                     f"`scripts/threshold_policies.py {args.kept.name} --write` (no fitting: the folds of the last "
                     "`make safety-eval KEEP=…` on the same corpus). Per fold: the shipped (per-writer) thresholds, "
                     "which training writer set them, and where the left-out writer's crisis messages without a "
                     "card stand; then each way of choosing the thresholds, over the left-out writers. Corpus "
                     "writers only: a tuning figure, never a fresh one.\n\n" + buffer.getvalue())
        print("appended to docs/benchmarks.md")
    return code


def compare(kept_path: Path) -> int:
    import joblib

    kept = joblib.load(kept_path)
    if kept["fingerprint"] != corpus.fingerprint():
        print("the corpus changed since these predictions were kept: run make safety-eval KEEP=… again", file=sys.stderr)
        return 1
    rows = corpus.load()
    hits = [find(r["text"]) for r in rows]
    policies: dict[str, dict[str, dict[str, float]]] = {"per writer": {}, "pooled": {}, "own alarms": {},
                                                        "per writer, cap 0.06": {}, "per writer, cap 0.10": {},
                                                        "pooled, cap 0.02": {}, "pooled, cap 0.02, short ≤ 6 asked": {},
                                                        "pooled, cap 0.02, short ≤ 10 asked": {},
                                                        "pooled, short ≤ 6 asked": {}}
    print("| left out | crisis / check-in / agreement | set by | no card: rules only | "
          "P(crisis) within 0.10 under | further under |")
    print("|---|---|---|---|---|---|")
    for writer, fold in sorted(kept["folds"].items()):
        train = sorted(fold["inner"])
        train_rows, train_hits = [rows[i] for i in train], [hits[i] for i in train]
        inner = [fold["inner"][i] for i in train]
        test_rows, test_hits = [rows[i] for i in fold["test"]], [hits[i] for i in fold["test"]]
        shipped = kept["thresholds"][writer]
        policies["per writer"][writer] = rates(test_rows, test_hits, fold["preds"], shipped)
        pooled_rows = [{**r, "writer": "all"} for r in train_rows]
        pooled = choose_thresholds(pooled_rows, train_hits, oof=inner)
        policies["pooled"][writer] = rates(test_rows, test_hits, fold["preds"], pooled)
        own = choose_own_alarms(train_rows, train_hits, inner)
        policies["own alarms"][writer] = rates(test_rows, test_hits, fold["preds"], own)
        for name, cap, by_rows in (("per writer, cap 0.06", 0.06, train_rows), ("per writer, cap 0.10", 0.10, train_rows),
                                   ("pooled, cap 0.02", 0.02, pooled_rows)):
            policies[name][writer] = rates(test_rows, test_hits, fold["preds"],
                                           with_crisis_cap(cap, by_rows, train_hits, inner))
        capped = with_crisis_cap(0.02, pooled_rows, train_hits, inner)
        for words in (6, 10):
            policies[f"pooled, cap 0.02, short ≤ {words} asked"][writer] = rates(
                test_rows, test_hits, fold["preds"], capped, short=words)
        policies["pooled, short ≤ 6 asked"][writer] = rates(test_rows, test_hits, fold["preds"], pooled, short=6)
        no_card = [(r, h, p) for r, h, p in zip(test_rows, test_hits, fold["preds"], strict=True)
                   if r["label"] == "crisis" and decide(rules.score(h), p, shipped)[0] != "crisis"]
        rules_only = sum(rules.score(h).outcome == "crisis" for _, h, _ in no_card)
        near = sum(shipped.crisis - 0.10 <= p.crisis < shipped.crisis for _, h, p in no_card
                   if rules.score(h).outcome != "crisis")
        far = len(no_card) - rules_only - near
        by = binding_writer(train_rows, train_hits, dict(zip(range(len(train)), inner, strict=True)), shipped)
        n = sum(r["label"] == "crisis" for r in test_rows) or 1
        print(f"| {writer} | {shipped.crisis:.2f} / {shipped.check_in:.2f} / {shipped.agreement:.2f} | {by or '–'} | "
              f"{rules_only / n:.2f} | {near / n:.2f} | {far / n:.2f} |")
        print(f"|   pooled | {pooled.crisis:.2f} / {pooled.check_in:.2f} / {pooled.agreement:.2f} | | | | |")
        print(f"|   own alarms | {own.crisis:.2f} / {own.check_in:.2f} / {own.agreement:.2f} | | | | |")
    print()
    short = {label: sum(len(rows[i]["text"].split()) <= 10 for f in kept["folds"].values() for i in f["test"]
                        if rows[i]["label"] == label) for label in ("crisis", "concern", "safe", "ordinary")}
    total = {label: sum(rows[i]["label"] == label for f in kept["folds"].values() for i in f["test"])
             for label in short}
    print("Left-out messages of at most 10 words (the short-message rows below can only differ on these): "
          + ", ".join(f"{label} {short[label]} of {total[label]}" for label in short) + ".")
    print()
    print("| thresholds chosen | help lines mean / worst | caught mean / worst | safe: card mean / worst | "
          "safe: check-in mean / worst |")
    print("|---|---|---|---|---|")
    for name, per in policies.items():
        cells = []
        for key, higher in (("help lines", True), ("caught", True), ("safe: card", False), ("safe: check-in", False)):
            values = [f[key] for f in per.values() if key in f]
            cells.append(f"{statistics.mean(values):.2f} / {(min if higher else max)(values):.2f}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
