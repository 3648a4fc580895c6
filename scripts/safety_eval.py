"""Evaluate the safety screen leave-one-writer-out on the risk corpus (data/risk/).

    .venv/bin/python scripts/safety_eval.py                print the table
    .venv/bin/python scripts/safety_eval.py --write        also append it to docs/benchmarks.md
    .venv/bin/python scripts/safety_eval.py --fresh FILE   score FILE once with the shipped model
                                                           (trained on every corpus writer) and
                                                           append one history row; prints figures only
                                                           (a folder: every *.jsonl in it, a row each)

For every writer in turn: the classifier is trained on the other writers, its two thresholds are
chosen by a second leave-one-writer-out inside those writers, and the left-out writer is scored.
The rules are the same in every fold (they are written by hand; see docs/safety.md for how they
were written and why their figures still count as seen data). Reported per crisis category and
per outcome, as the mean over writers and the worst writer:

- caught: a crisis message gets the crisis reply or the check-in question;
- help lines at once: a crisis message gets the crisis reply;
- concern: the check-in (or more) is the right answer;
- safe (hard negatives) and ordinary messages: how often they get a crisis reply or a check-in.

The fresh run never prints or stores a message or a miss: only counts and rates.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.safety import corpus, means_away, rules  # noqa: E402
from bot.safety.classifier import RiskClassifier, Thresholds, choose_thresholds, decide  # noqa: E402
from bot.safety.concepts import find  # noqa: E402
from bot.safety.screen import plain_answer_floor  # noqa: E402

BENCHMARKS = ROOT / "docs" / "benchmarks.md"
TARGETS = {"caught": 0.97, "crisis": 0.85, "safe_crisis": 0.03, "safe_check_in": 0.10}
FRESH_HEADER = ("\n## Safety net on fresh writers (history)\n\n"
                "`scripts/safety_eval.py --fresh FILE`: the shipped rules and classifier (trained on every corpus writer), "
                "scored once on a set by a writer who never saw the project. Figures only.\n\n"
                "| date (UTC) | file | model | crisis msgs | caught | help lines at once | concern caught "
                "| safe: crisis reply | safe: check-in | ordinary: crisis / check-in |\n"
                "|---|---|---|---|---|---|---|---|---|---|\n")


def outcomes(rows: list[dict], hits, model: RiskClassifier | None, thresholds: Thresholds | None,
             use_rules: bool = True) -> list[str]:
    preds = model.predict_hits(hits) if model is not None else [None] * len(rows)
    return decisions(hits, preds, thresholds, use_rules, texts=[r["text"] for r in rows])


def decisions(hits, preds, thresholds: Thresholds | None, use_rules: bool = True,
              texts: list[str] | None = None) -> list[str]:
    """The outcome of every message from its concepts and the level model's prediction (None: the
    rules alone), as the screen decides it (``texts``: the messages, for the screen's plain-answer
    floor; without them it is left out)."""
    none_rule = rules.RuleResult("none", None, 0.0, {}, "self", "none")
    decided = [decide(rules.score(h) if use_rules else none_rule, p, thresholds) for h, p in zip(hits, preds, strict=True)]
    if not use_rules:
        return [out for out, _ in decided]
    # The screen's floors after the decision (bot.safety.screen): a plain answer ("ik ben 15", "ik
    # ben haar vader") gets nothing from the classifier alone; means handed over get the check-in.
    if texts is not None:
        outs = [plain_answer_floor(out, source, t, h) for (out, source), t, h in zip(decided, texts, hits, strict=True)]
    else:
        outs = [out for out, _ in decided]
    return [means_away.floor(out, h.folded, card_by_classifier_alone=means_away.card_by_classifier_alone(
                out, source, rules.score(h).outcome, h))[0]
            for out, (_, source), h in zip(outs, decided, hits, strict=True)]


def figures(rows: list[dict], outs: list[str]) -> dict[str, float]:
    """Rates for one writer (or one fresh file). Keys: '<category>:caught', '<category>:crisis',
    'all:caught', 'all:crisis', 'concern:caught', 'concern:crisis', 'safe:crisis', 'safe:check_in',
    'ordinary:crisis', 'ordinary:check_in'."""
    groups: dict[str, list[str]] = defaultdict(list)
    for row, out in zip(rows, outs, strict=True):
        if row["label"] == "crisis":
            groups[row["category"]].append(out)
            groups["all"].append(out)
        else:
            groups[row["label"]].append(out)
    result: dict[str, float] = {}
    for key, values in groups.items():
        n = len(values)
        crisis = sum(v == "crisis" for v in values) / n
        check_in = sum(v == "check_in" for v in values) / n
        if key in ("safe", "ordinary"):
            result[f"{key}:crisis"], result[f"{key}:check_in"] = crisis, check_in
        else:
            result[f"{key}:caught"], result[f"{key}:crisis"] = crisis + check_in, crisis
        result[f"{key}:n"] = n
    return result


def split(rows: list[dict], writer: str) -> tuple[list[dict], list[dict]]:
    return [r for r in rows if r["writer"] != writer], [r for r in rows if r["writer"] == writer]


def grouped_out_of_writer(rows: list[dict], hits, groups: int):
    """Out-of-writer predictions from ``groups`` models instead of one per writer: the writers
    (sorted) are dealt round-robin into groups, and each group's rows are scored by a model
    trained on the other groups. Every prediction is still for a writer its model never saw
    (each model sees fewer writers, so it is, if anything, the stricter estimate)."""
    from bot.safety.classifier import fit_levels

    writers = sorted({r["writer"] for r in rows})
    group_of = {w: i % groups for i, w in enumerate(writers)}
    oof = [None] * len(rows)
    for g in range(groups):
        train = [i for i, r in enumerate(rows) if group_of[r["writer"]] != g]
        test = [i for i, r in enumerate(rows) if group_of[r["writer"]] == g]
        model = fit_levels([rows[i] for i in train], [hits[i] for i in train])
        for i, p in zip(test, model.predict_hits([hits[i] for i in test]), strict=True):
            oof[i] = p
    return oof


def one_fold(rows: list[dict], writer: str, groups: int | None = None) -> dict[str, float]:
    """Train and tune on every writer but ``writer``, score ``writer``: the combined net's figures.
    ``groups``: tune on :func:`grouped_out_of_writer` predictions (a few models, for the test
    suite's regression guard) instead of one inner model per training writer (`make safety-eval`)."""
    train_rows, test_rows = split(rows, writer)
    train_hits = [find(r["text"]) for r in train_rows]
    test_hits = [find(r["text"]) for r in test_rows]
    oof = grouped_out_of_writer(train_rows, train_hits, groups) if groups else None
    thresholds = choose_thresholds(train_rows, train_hits, oof=oof)
    model = RiskClassifier().fit([r["text"] for r in train_rows], [r["label"] for r in train_rows],
                                 [r.get("category") for r in train_rows], train_hits, with_category=False)
    return figures(test_rows, outcomes(test_rows, test_hits, model, thresholds))


def _pair_predictions(rows: list[dict], hits, pair: tuple[str, str], cache: Path | None = None):
    """The level model trained without the writers ``pair``, scoring both of them. With ``cache``
    (a folder), the result is kept there as soon as it is fitted and read back on a later run, so an
    interrupted run resumes where it stopped (one per pair of writers: 2,080 for 65 writers, hours on this machine)."""
    import joblib

    from bot.safety.classifier import fit_levels

    test = [i for i, r in enumerate(rows) if r["writer"] in pair]
    path = cache / f"{pair[0]}__{pair[1]}.joblib" if cache is not None else None
    if path is not None and path.exists():
        kept_test, preds = joblib.load(path)
        if kept_test == test:
            return pair, test, preds
    train = [i for i, r in enumerate(rows) if r["writer"] not in pair]
    model = fit_levels([rows[i] for i in train], [hits[i] for i in train])
    preds = model.predict_hits([hits[i] for i in test])
    if path is not None:
        tmp = path.with_suffix(".tmp")
        joblib.dump((test, preds), tmp)
        tmp.replace(path)
    return pair, test, preds


def pair_cache() -> Path:
    """var/safety-eval/<thresholds key>/: the pair models of this corpus, this code and these
    library versions (:func:`bot.safety.kept_thresholds.current_key`); any change starts afresh."""
    from bot.safety import kept_thresholds

    path = ROOT / "var" / "safety-eval" / kept_thresholds.current_key()
    path.mkdir(parents=True, exist_ok=True)
    return path


def leave_one_writer_out(rows: list[dict], progress=True, jobs: int = 1,
                         cache: Path | None = None) -> dict[str, dict[str, dict[str, float]]]:
    """{variant: {writer: figures}} for the combined net, the classifier alone and the rules alone.

    The thresholds of the fold that leaves out writer A are chosen on predictions for each other
    writer B by a model trained without A and B. That model is the same one the fold leaving
    out B needs for A, so every pair of writers is fitted once (exactly the nested
    leave-one-writer-out, in half the fits), ``jobs`` at a time."""
    from itertools import combinations

    from joblib import Parallel, delayed

    hits = [find(r["text"]) for r in rows]
    writers = sorted({r["writer"] for r in rows})
    started = time.monotonic()
    inner: dict[str, dict[int, object]] = {w: {} for w in writers}
    for (a, b), test, preds in Parallel(n_jobs=jobs)(
            delayed(_pair_predictions)(rows, hits, pair, cache) for pair in combinations(writers, 2)):
        for i, p in zip(test, preds, strict=True):
            inner[a if rows[i]["writer"] == b else b][i] = p
    if progress:
        print(f"  {len(writers) * (len(writers) - 1) // 2} inner models ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    result: dict[str, dict[str, dict[str, float]]] = {"combined": {}, "classifier": {}, "rules": {}}
    thresholds = {}
    for writer in writers:
        started = time.monotonic()
        train = [i for i, r in enumerate(rows) if r["writer"] != writer]
        test = [i for i, r in enumerate(rows) if r["writer"] == writer]
        train_rows, train_hits = [rows[i] for i in train], [hits[i] for i in train]
        chosen = choose_thresholds(train_rows, train_hits, oof=[inner[writer][i] for i in train])
        model = RiskClassifier().fit([r["text"] for r in train_rows], [r["label"] for r in train_rows],
                                     [r.get("category") for r in train_rows], train_hits, with_category=False)
        test_rows, test_hits = [rows[i] for i in test], [hits[i] for i in test]
        if KEEP is not None:
            KEEP["folds"][writer] = {"test": test, "preds": model.predict_hits(test_hits),
                                     "inner": {i: inner[writer][i] for i in train}}
        result["combined"][writer] = figures(test_rows, outcomes(test_rows, test_hits, model, chosen))
        result["classifier"][writer] = figures(test_rows, outcomes(test_rows, test_hits, model, chosen, use_rules=False))
        result["rules"][writer] = figures(test_rows, outcomes(test_rows, test_hits, None, None))
        thresholds[writer] = chosen
        if MISSES:
            for row, out in zip(test_rows, outcomes(test_rows, test_hits, model, chosen), strict=True):
                wrong = (row["label"] == "crisis" and out != "crisis") or (row["label"] in ("safe", "ordinary") and out != "none")
                if wrong:
                    print(f"MISS\t{writer}\t{row['label']}\t{row.get('category')}\t{out}\t{row['text']}", file=MISSES)
        if progress:
            print(f"  left out {writer}: {chosen} ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    result["thresholds"] = thresholds  # type: ignore[assignment]
    return result


MISSES = None  # a file to list the left-out writers' misses in (--misses): corpus writers only
# --keep FILE: every fold's predictions (the left-out writer's by the fold's model, and the inner
# out-of-writer ones the thresholds were chosen on), so other ways of choosing the thresholds can be
# measured on the same folds without fitting again (scripts/threshold_policies.py).
KEEP: dict | None = None


def _summary(per_writer: dict[str, dict[str, float]], key: str, higher_is_better: bool) -> tuple[float, float, str]:
    values = {w: f[key] for w, f in per_writer.items() if key in f}
    mean = statistics.mean(values.values())
    writer = (min if higher_is_better else max)(values, key=values.get)
    return mean, values[writer], writer


def table(result: dict, rows: list[dict]) -> str:
    combined = result["combined"]
    writers = sorted(combined)
    lines = [
        f"Risk corpus: {len(rows)} messages by {len(writers)} writers "
        f"({sum(r['label'] == 'crisis' for r in rows)} crisis, {sum(r['label'] == 'concern' for r in rows)} concern, "
        f"{sum(r['label'] == 'safe' for r in rows)} safe hard negatives, {sum(r['label'] == 'ordinary' for r in rows)} ordinary). "
        f"Leave one writer out: mean over the {len(writers)} left-out writers, and the worst one.",
        "",
        "| what | n | mean | worst | worst writer |",
        "|---|---|---|---|---|",
    ]

    def add(label: str, key: str, higher: bool, variant: str = "combined") -> None:
        per = result[variant]
        mean, worst, writer = _summary(per, key, higher)
        n = sum(per[w].get(key.split(":")[0] + ":n", 0) for w in per)
        lines.append(f"| {label} | {int(n)} | {mean:.2f} | {worst:.2f} | {writer} |")

    for category in rules.CATEGORIES:
        add(f"{category}: caught", f"{category}:caught", True)
        add(f"{category}: help lines at once", f"{category}:crisis", True)
    add("**all crisis: caught** (goal ≥ 0.97)", "all:caught", True)
    add("**all crisis: help lines at once** (goal ≥ 0.85)", "all:crisis", True)
    add("concern: check-in or crisis", "concern:caught", True)
    add("concern: crisis reply", "concern:crisis", False)
    add("**safe (hard negatives): crisis reply** (goal ≤ 0.03)", "safe:crisis", False)
    add("**safe (hard negatives): check-in** (goal ≤ 0.10)", "safe:check_in", False)
    add("ordinary: crisis reply", "ordinary:crisis", False)
    add("ordinary: check-in", "ordinary:check_in", False)
    lines += ["", "Per left-out writer (combined net):", "",
              "| writer | caught | help lines at once | concern caught | safe: crisis | safe: check-in | ordinary: crisis / check-in |",
              "|---|---|---|---|---|---|---|"]
    for writer in writers:
        f = combined[writer]

        def g(key: str, f=f) -> str:  # a writer of everyday answers only has no crisis or safe messages
            return f"{f[key]:.2f}" if key in f else "–"

        lines.append(f"| {writer} | {g('all:caught')} | {g('all:crisis')} | {g('concern:caught')} | "
                     f"{g('safe:crisis')} | {g('safe:check_in')} | {g('ordinary:crisis')} / {g('ordinary:check_in')} |")
    lines += ["", "The same, worst writer, for each net alone:", "",
              "| net | caught | help lines at once | safe: crisis reply | safe: check-in |", "|---|---|---|---|---|"]
    for variant in ("rules", "classifier", "combined"):
        per = result[variant]
        cells = [_summary(per, "all:caught", True)[1], _summary(per, "all:crisis", True)[1],
                 _summary(per, "safe:crisis", False)[1], _summary(per, "safe:check_in", False)[1]]
        lines.append(f"| {variant} | " + " | ".join(f"{c:.2f}" for c in cells) + " |")
    worst = {k: _summary(combined, k, k.startswith("all"))[1] for k in ("all:caught", "all:crisis", "safe:crisis", "safe:check_in")}
    met = [worst["all:caught"] >= TARGETS["caught"], worst["all:crisis"] >= TARGETS["crisis"],
           worst["safe:crisis"] <= TARGETS["safe_crisis"], worst["safe:check_in"] <= TARGETS["safe_check_in"]]
    lines += ["", f"Goals met on the worst left-out writer: {sum(met)} of 4 "
              f"(caught {'yes' if met[0] else 'no'}, help lines {'yes' if met[1] else 'no'}, "
              f"safe crisis {'yes' if met[2] else 'no'}, safe check-in {'yes' if met[3] else 'no'}).",
              "Thresholds per fold (crisis / check-in / rule agreement): "
              + ", ".join(f"{w.removeprefix('risk-')} {t.crisis:.2f}/{t.check_in:.2f}/{t.agreement:.2f}"
                          for w, t in sorted(result["thresholds"].items()))]
    unmet = [(w, t.unmet) for w, t in sorted(result["thresholds"].items()) if t.unmet]
    if unmet:
        lines += ["", f"**CAPS NOT MET in {len(unmet)} of {len(result['thresholds'])} folds** "
                  "(on the training writers' out-of-writer predictions; the threshold choice could not honour them):"]
        lines += [f"- left out {w.removeprefix('risk-')}: " + "; ".join(u) for w, u in unmet]
    else:
        lines += ["", "Every fold's thresholds meet every false-alarm cap on its training writers."]
    return "\n".join(lines)


def cost() -> str:
    """Latency and memory of the shipped screen, measured in a fresh process (``--cost``)."""
    import subprocess

    # A fresh interpreter that imports only what the bot process imports for the screen.
    code = ("import sys; sys.path.insert(0, 'scripts'); import importlib.util as u; "
            "spec = u.spec_from_file_location('cost', 'scripts/safety_cost.py'); m = u.module_from_spec(spec); "
            "spec.loader.exec_module(m); print(m.measure())")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    return result.stdout.strip() or f"(cost measurement failed: {result.stderr[-300:]})"


def fresh(path: Path, note: str = "") -> str:
    """One row for ``path``; ``note`` is added to the model cell (what else the screen holds, e.g. a floor)."""
    from bot.safety import model

    rows = corpus.load_file(path)
    risk = model.load()
    hits = [find(r["text"]) for r in rows]
    f = figures(rows, outcomes(rows, hits, risk.classifier, risk.thresholds))

    def g(key: str) -> str:
        return f"{f[key]:.2f}" if key in f else "–"

    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")
    row = (f"| {stamp} | {path.name} | {risk.version}{' ' + note if note else ''} | {int(f.get('all:n', 0))} | {g('all:caught')} | {g('all:crisis')} | "
           f"{g('concern:caught')} | {g('safe:crisis')} | {g('safe:check_in')} | {g('ordinary:crisis')} / {g('ordinary:check_in')} |\n")
    text = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else "# Benchmarks\n"
    BENCHMARKS.write_text(add_fresh_row(text, row), encoding="utf-8")
    return row


def add_fresh_row(text: str, row: str) -> str:
    """``text`` with ``row`` at the end of the fresh-writer history table (which other sections
    may follow), the table started at the end when there is none yet."""
    if FRESH_HEADER not in text:
        return text + FRESH_HEADER + row
    start = text.index(FRESH_HEADER) + len(FRESH_HEADER)
    end = start
    while end < len(text) and text.startswith("|", end):
        end = text.find("\n", end) + 1 or len(text)
    return text[:end] + row + text[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="append the table to docs/benchmarks.md")
    parser.add_argument("--fresh", type=Path, help="score this file once with the shipped model; append one row")
    parser.add_argument("--jobs", type=int, default=2, help="inner models fitted at the same time (default 2)")
    parser.add_argument("--keep", type=Path, help="keep every fold's predictions in this file (joblib), for "
                        "scripts/threshold_policies.py")
    parser.add_argument("--note", default="", help="with --fresh: added to the model cell (the screen code beside "
                        "the classifier, e.g. 'commit abc123, plain-answer floor')")
    parser.add_argument("--no-cache", action="store_true", help="fit every pair model again (default: keep them in "
                        "var/safety-eval/<key>/ and resume an interrupted run)")
    parser.add_argument("--misses", type=Path, help="list the left-out corpus writers' misses in this file "
                        "(for tuning; never used with --fresh)")
    args = parser.parse_args(argv)
    if args.fresh:
        paths = sorted(args.fresh.glob("*.jsonl")) if args.fresh.is_dir() else [args.fresh]
        if not paths:
            print(f"no *.jsonl in {args.fresh}", file=sys.stderr)
            return 2
        print("| date (UTC) | file | model | crisis msgs | caught | help lines at once | concern caught | safe: crisis | safe: check-in | ordinary |")
        for path in paths:
            print(fresh(path, args.note).strip())
        print(f"appended to {BENCHMARKS.relative_to(ROOT)}")
        return 0
    global MISSES, KEEP
    rows = corpus.load()
    started = time.monotonic()
    MISSES = open(args.misses, "w", encoding="utf-8") if args.misses else None  # noqa: SIM115
    KEEP = {"fingerprint": corpus.fingerprint(), "folds": {}} if args.keep else None
    cache = None if args.no_cache else pair_cache()
    if cache is not None:
        writers = len({r["writer"] for r in rows})
        done = len(list(cache.glob("*.joblib")))
        print(f"  pair models kept in {cache.relative_to(ROOT)}: {done} of {writers * (writers - 1) // 2} "
              "already fitted (an interrupted run resumes)", file=sys.stderr)
    result = leave_one_writer_out(rows, jobs=args.jobs, cache=cache)
    if KEEP is not None:
        import joblib

        KEEP["thresholds"] = result["thresholds"]
        joblib.dump(KEEP, args.keep)
    text = table(result, rows)
    text += f"\n\nLeave-one-writer-out run: {time.monotonic() - started:.0f} s.\n" + cost()
    print(text)
    if args.write:
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        with open(BENCHMARKS, "a", encoding="utf-8") as fh:
            fh.write(f"\n## Safety net, leave one writer out, {stamp}\n\n`make safety-eval` on data/risk/.\n\n{text}\n")
        print(f"\nappended to {BENCHMARKS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
