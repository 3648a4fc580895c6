"""Understanding measured on writers the model was not trained on.

    make nlu-eval [WRITERS=a,b]       (= .venv/bin/python scripts/nlu_eval.py [--writers a,b])
    make nlu-eval FRESH=PATH.jsonl    (= .venv/bin/python scripts/nlu_eval.py --fresh PATH.jsonl)
    make nlu-eval FRESH=FOLDER        (every FOLDER/*.jsonl: one row per file and one for the folder)
    options: --show-misses (tuning only), --no-write

Leave one writer out (the default): for every independent writer in
nlu_data/data/nlu/writers/, train an NLU model on everything else (the other writers and the
session1 examples) with nlu_data/config.yml, and score that writer's examples. Scored per
writer: topic macro-F1 (the topic of `intake classify`, bot.classify.topic_for, over the topics
of the writer's labels), intent macro-F1 (over the writer's intents; faq/<topic> counts as faq),
intent and topic accuracy; the mean and the worst writer of both F1s; over all left-out writers together: F1 per
theme, the most frequent intent confusions, and how many messages about someone's wellbeing
(an ask_<theme> or other_care label) got the out_of_scope answer. Results per writer are cached
in var/nlu-eval/ while the data and config are unchanged, so an interrupted run resumes where it
stopped. A run over some writers only (--writers) is appended too, marked as partial.

--fresh PATH scores a fresh writer's file (JSON lines with text, label and optionally lang and
writer) once with the model trained on everything (models/intake.tar.gz, trained first when
nlu_data/ changed) and appends one history row: figures only, never a message. A folder holds one
fresh writer per ``*.jsonl`` file: one row per file, then one for the whole folder with its worst file.

Both print and append to docs/benchmarks.md (the history table and, for leave-one-writer-out,
a dated section). Never type these numbers by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.classify import THEMES, intent_topic, topic_for  # noqa: E402

NLU_DIR = ROOT / "nlu_data" / "data" / "nlu"
WRITERS_DIR = NLU_DIR / "writers"
CACHE = ROOT / "var" / "nlu-eval"
BENCHMARKS = ROOT / "docs" / "benchmarks.md"
HISTORY_MARK = "<!-- nlu-history: rows are inserted above this line by scripts/nlu_eval.py -->"
TARGET_WORST = 0.85
_ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)")
WELLBEING = {f"ask_{t}" for t in THEMES} | {"other_care"}


def plain(example: str) -> str:
    return _ANNOTATION.sub(r"\1", example).strip()


def writer_examples(path: Path) -> list[tuple[str, str]]:
    """(text, label) for every example in one writer's YAML file."""
    rows = []
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        if "intent" not in block:
            continue
        for line in block["examples"].splitlines():
            if line.strip().startswith("- "):
                rows.append((plain(line.strip()[2:]), block["intent"]))
    return rows


def left_out_examples(writer: str) -> list[tuple[str, str]]:
    return writer_examples(WRITERS_DIR / f"{writer}.yml")


# Components a leave-one-writer-out model does without: the ResponseSelector only picks the FAQ
# answer inside faq/<topic>; DIET's intent is replaced by the LinearIntentClassifier after it, and
# its entities change no topic the writers label (only inform_topic's, which no writer wrote).
# Without them a left-out writer's model trains in a minute instead of twenty.
LOWO_WITHOUT = ("ResponseSelector", "DIETClassifier")


def lowo_config(workdir: Path, config: dict | None = None) -> Path:
    """nlu_data/config.yml (or ``config``) without the components that do not change the intent
    (:data:`LOWO_WITHOUT`; DIET only while the LinearIntentClassifier decides the intent)."""
    config = config or yaml.safe_load((ROOT / "nlu_data" / "config.yml").read_text(encoding="utf-8"))
    linear = any(c.get("name", "").endswith("LinearIntentClassifier") for c in config["pipeline"])
    drop = set(LOWO_WITHOUT) if linear else {"ResponseSelector"}
    config["pipeline"] = [c for c in config["pipeline"] if c.get("name") not in drop]
    config.pop("policies", None)
    path = workdir / "config.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def fresh_examples(path: Path) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """(text, label) rows, the writer ids and each row's language ("?" when not given) of a fresh
    JSON-lines file. Errors name the line number, never its text."""
    rows, writers, langs = [], [], []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
            text, label = row["text"], row["label"]
        except (ValueError, KeyError, TypeError):
            raise SystemExit(f"{path.name} line {number}: expected a JSON object with text and label") from None
        if not isinstance(text, str) or not isinstance(label, str):
            raise SystemExit(f"{path.name} line {number}: text and label must be strings")
        rows.append((text, label))
        langs.append(str(row.get("lang") or "?"))
        if row.get("writer") and row["writer"] not in writers:
            writers.append(str(row["writer"]))
    if not rows:
        raise SystemExit(f"{path.name}: no examples")
    return rows, writers, langs


def unknown_labels(rows: list[tuple[str, str]]) -> Counter:
    """Labels no topic is defined for (they would silently count as out_of_scope)."""
    from bot.classify import INTENT_TOPICS

    return Counter(label for _, label in rows if label.split("/")[0] not in INTENT_TOPICS)


def domain_labels() -> list[str]:
    """What an NLU training reads from the domain: its intents and entities (not the responses,
    rules or slots that other engineers change often)."""
    names = set()
    for path in sorted((ROOT / "nlu_data" / "domain").rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for kind in ("intents", "entities"):
            for item in data.get(kind) or []:
                names.add(f"{kind}:{json.dumps(item, sort_keys=True, ensure_ascii=False)}")
    return sorted(names)


def inputs_hash(*extra: str) -> str:
    """The cache key of one leave-one-writer-out result: the training examples, the config and
    the domain's intents and entities."""
    digest = hashlib.sha256("\0".join(extra).encode())
    paths = [ROOT / "nlu_data" / "config.yml", *sorted(NLU_DIR.rglob("*.yml"))]
    for path in paths:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update("\0".join(domain_labels()).encode())
    return digest.hexdigest()[:16]


def train_without(writer: str, workdir: Path) -> tuple[Path, float]:
    """Train an NLU-only model on every training file except the writer's; returns (model, seconds)."""
    data = workdir / "data"
    if data.exists():
        shutil.rmtree(data)
    for path in NLU_DIR.rglob("*.yml"):
        if path.parent == WRITERS_DIR and path.stem == writer:
            continue
        target = data / path.relative_to(NLU_DIR)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    out = workdir / "models"
    argv = [
        str(Path(sys.executable).parent / "rasa"), "train", "nlu", "--nlu", str(data),
        "--config", str(lowo_config(workdir)), "--domain", str(ROOT / "nlu_data" / "domain"),
        "--out", str(out), "--fixed-model-name", "lowo",
    ]
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="3")
    started = time.monotonic()
    with open(workdir / "train.log", "wb") as log:
        subprocess.run(argv, check=True, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    return out / "lowo.tar.gz", time.monotonic() - started


def predict(model: Path, rows: list[tuple[str, str]]) -> list[dict]:
    from bot.classify import load_parser

    parse = load_parser(model)
    out = []
    for text, label in rows:
        result = parse(text)
        intent = (result.get("intent") or {}).get("name") or ""
        ranking = [r for r in result.get("intent_ranking") or [] if r.get("name") != "nlu_fallback"]
        topic, _ = topic_for(result)
        out.append({"text": text, "label": label, "intent": intent, "best": ranking[0]["name"] if ranking else intent,
                    "gold_topic": intent_topic(label), "topic": topic})
    del parse
    gc.collect()
    return out


def score(preds: list[dict]) -> dict:
    from sklearn.metrics import f1_score

    gold = [p["gold_topic"] for p in preds]
    got = [p["topic"] for p in preds]
    labels = sorted(set(gold))
    gold_intents = [p["label"].split("/")[0] for p in preds]
    return {
        "n": len(preds),
        "topic_macro_f1": float(f1_score(gold, got, labels=labels, average="macro", zero_division=0)),
        "intent_macro_f1": float(f1_score(gold_intents, [p["intent"] for p in preds], labels=sorted(set(gold_intents)),
                                          average="macro", zero_division=0)),
        "topic_accuracy": sum(g == p for g, p in zip(gold, got, strict=True)) / len(preds),
        "intent_accuracy": sum(p["label"].split("/")[0] == p["intent"] for p in preds) / len(preds),
        "fallbacks": sum(p["intent"] == "nlu_fallback" for p in preds),
        "wellbeing": sum(p["label"] in WELLBEING for p in preds),
        "wellbeing_out_of_scope": sum(p["label"] in WELLBEING and p["intent"] == "out_of_scope" for p in preds),
        "wellbeing_fallback": sum(p["label"] in WELLBEING and p["intent"] == "nlu_fallback" for p in preds),
    }


def per_theme_f1(preds: list[dict]) -> dict[str, float]:
    from sklearn.metrics import f1_score

    gold = [p["gold_topic"] for p in preds]
    got = [p["topic"] for p in preds]
    themes = [t for t in THEMES if t in gold]
    values = f1_score(gold, got, labels=themes, average=None, zero_division=0)
    return dict(zip(themes, (float(v) for v in values), strict=True))


def leave_one_writer_out(writers: list[str], show_misses: bool) -> dict:
    results, all_preds, seconds = {}, [], {}
    for writer in writers:
        key = inputs_hash("lowo", writer)
        cached = CACHE / f"lowo-{writer}-{key}.json"
        if cached.exists():
            data = json.loads(cached.read_text())
        else:
            workdir = CACHE / f"work-{writer}"
            workdir.mkdir(parents=True, exist_ok=True)
            print(f"training without {writer} ...", file=sys.stderr, flush=True)
            model, took = train_without(writer, workdir)
            preds = predict(model, left_out_examples(writer))
            data = {"preds": preds, "train_seconds": took}
            for old in CACHE.glob(f"lowo-{writer}-*.json"):
                old.unlink()
            cached.write_text(json.dumps(data, ensure_ascii=False))
            shutil.rmtree(workdir, ignore_errors=True)
        results[writer] = score(data["preds"])
        seconds[writer] = data["train_seconds"]
        all_preds += data["preds"]
        print(f"{writer}: topic macro-F1 {results[writer]['topic_macro_f1']:.3f}", file=sys.stderr, flush=True)
        if show_misses:
            for p in data["preds"]:
                if p["topic"] != p["gold_topic"]:
                    print(f"  MISS {p['label']} -> {p['intent']} ({p['best']}): {p['text']}", file=sys.stderr)
    confusions = Counter((p["label"].split("/")[0], p["intent"]) for p in all_preds if p["label"].split("/")[0] != p["intent"])
    topic_confusions = Counter((p["gold_topic"], p["topic"]) for p in all_preds if p["gold_topic"] != p["topic"])
    return {"writers": results, "all_writers": len(list(WRITERS_DIR.glob("*.yml"))),
            "pooled": score(all_preds), "themes": per_theme_f1(all_preds),
            "confusions": confusions.most_common(25), "topic_confusions": topic_confusions.most_common(15),
            "train_seconds": seconds}


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def summary(res: dict, key: str) -> tuple[float, str, float]:
    """(mean, worst writer, worst value) of one per-writer figure."""
    values = {w: r[key] for w, r in res["writers"].items()}
    worst = min(values, key=values.get)
    return sum(values.values()) / len(values), worst, values[worst]


def partial_note(res: dict) -> str:
    if res["all_writers"] == len(res["writers"]):
        return ""
    return f"PARTIAL: {len(res['writers'])} of {res['all_writers']} writers left out ({', '.join(res['writers'])})"


def render_lowo(res: dict) -> str:
    writers = res["writers"]
    mean, worst, worst_f1 = summary(res, "topic_macro_f1")
    imean, iworst, iworst_f1 = summary(res, "intent_macro_f1")
    pooled = res["pooled"]
    note = partial_note(res)
    lines = [
        f"## NLU leave-one-writer-out — {_now()}" + (f" — {note}" if note else ""), "",
        "Produced by `make nlu-eval` (scripts/nlu_eval.py): for each writer, an NLU model trained on the other "
        "writers and the session1 examples (nlu_data/config.yml), scored on that writer's examples. Topic = the "
        f"`intake classify` topic (docs/nlu.md). Target: worst writer topic macro-F1 ≥ {TARGET_WORST:.2f}.", "",
        "| left-out writer | n | topic macro-F1 | intent macro-F1 | topic accuracy | intent accuracy | clarifying question | training s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for w, r in writers.items():
        lines.append(f"| {w} | {r['n']} | {r['topic_macro_f1']:.3f} | {r['intent_macro_f1']:.3f} | {r['topic_accuracy']:.3f} | "
                     f"{r['intent_accuracy']:.3f} | {r['fallbacks']} | {res['train_seconds'][w]:.0f} |")
    lines += [
        "", f"**Topic macro-F1: mean {mean:.3f}, worst writer {worst} {worst_f1:.3f}** "
        f"({'meets' if worst_f1 >= TARGET_WORST else 'below'} the target {TARGET_WORST:.2f}). "
        f"**Intent macro-F1: mean {imean:.3f}, worst writer {iworst} {iworst_f1:.3f}.**"
        + (f" {note}: the mean and the worst are over these writers only." if note else ""), "",
        f"Messages about someone's wellbeing (ask_<theme> or other_care, {pooled['wellbeing']} over all left-out "
        f"writers): {pooled['wellbeing_out_of_scope']} got the out_of_scope answer "
        f"({100 * pooled['wellbeing_out_of_scope'] / max(pooled['wellbeing'], 1):.1f} %), "
        f"{pooled['wellbeing_fallback']} the clarifying question.", "",
        "F1 per theme (all left-out writers together): "
        + ", ".join(f"{t} {v:.2f}" for t, v in sorted(res["themes"].items(), key=lambda kv: kv[1])), "",
        "Most frequent topic confusions (true → predicted, count): "
        + ", ".join(f"{g} → {p} ({n})" for (g, p), n in res["topic_confusions"]), "",
        "Most frequent intent confusions: " + ", ".join(f"{g} → {p} ({n})" for (g, p), n in res["confusions"]), "",
    ]
    return "\n".join(lines) + "\n"


def history_row(kind: str, source: str, n: int, f1: str, extra: str) -> str:
    return f"| {_now()} | {kind} | {source} | {n} | {f1} | {extra} |"


def append(section: str | None, row: str, out: Path) -> None:
    text = out.read_text() if out.exists() else "# Benchmarks\n"
    if HISTORY_MARK not in text:
        text = text.rstrip("\n") + "\n\n" + "\n".join([
            "## NLU history (leave-one-writer-out and fresh writers)", "",
            "One row per run of `make nlu-eval` (worst left-out writer) or `scripts/nlu_eval.py --fresh` "
            "(a new writer's file, scored once with the model trained on all writers).", "",
            "| when | kind | scored | n | topic macro-F1 | notes |", "|---|---|---|---|---|---|", HISTORY_MARK, ""])
    text = text.replace(HISTORY_MARK, row + "\n" + HISTORY_MARK)
    if section:
        text = text.rstrip("\n") + "\n\n" + section
    out.write_text(text)


def fresh_files(path: Path) -> list[Path]:
    """The fresh files a --fresh PATH stands for: the file, or every ``*.jsonl`` in a folder (one
    writer per file, as the writers deliver them)."""
    if path.is_dir():
        files = sorted(path.glob("*.jsonl"))
        if not files:
            raise SystemExit(f"{path}: no .jsonl files")
        return files
    return [path]


def scored(preds: list[dict], writers: list[str], langs: list[str], rows: list[tuple[str, str]]) -> dict:
    result = score(preds)
    result["themes"] = per_theme_f1(preds)
    result["writers"] = writers
    result["by_lang"] = {lang: score([p for p, x in zip(preds, langs, strict=True) if x == lang])
                         for lang in sorted(set(langs))}
    result["unknown"] = unknown_labels(rows)
    return result


def fresh(path: Path, model_file: Path | None = None, model_note: str | None = None) -> list[tuple[str, dict]]:
    """(name, figures) for every fresh file of PATH, and for a folder of several files also the
    folder as a whole (with its worst file): the model is loaded once.

    ``model_file``: score that model (a candidate trained elsewhere, ``model_note`` says what it
    is) instead of models/intake.tar.gz, so main and a candidate score the same fresh set in one
    session."""
    from bot.config import load_settings
    from bot.runtime import model_path
    from bot.training import nlu_hash, train

    files = fresh_files(path)
    sets = [(f, *fresh_examples(f)) for f in files]  # a malformed file fails before a training
    every = [row for _, rows, _, _ in sets for row in rows]
    if model_file is not None:
        preds = predict(model_file, every)
        model = model_note or model_file.name
    else:
        settings = load_settings()
        train(settings)  # no-op when the model is up to date with nlu_data/
        preds = predict(model_path(settings), every)
        model = nlu_hash(settings.nlu_dir)[:8]  # the model is trained from exactly this nlu_data/
    out, start = [], 0
    for f, rows, writers, langs in sets:
        out.append((f.name, scored(preds[start:start + len(rows)], writers, langs, rows)))
        start += len(rows)
    if len(sets) > 1:
        writers = [w for _, _, ws, _ in sets for w in ws]
        langs = [x for _, _, _, ls in sets for x in ls]
        whole = scored(preds, list(dict.fromkeys(writers)), langs, every)
        worst = min(out, key=lambda item: item[1]["topic_macro_f1"])
        whole["worst_file"] = (worst[0], worst[1]["topic_macro_f1"])
        out.append((f"{path.name}/ (all {len(sets)} files)", whole))
    for _, figures in out:
        figures["model"] = model
    return out


def fresh_row(name: str, r: dict) -> str:
    parts = [f"intent macro-F1 {r['intent_macro_f1']:.3f}", f"topic acc {r['topic_accuracy']:.3f}",
             f"intent acc {r['intent_accuracy']:.3f}",
             f"{r['wellbeing_out_of_scope']}/{r['wellbeing']} wellbeing → out_of_scope"]
    if r.get("worst_file"):
        parts.insert(0, f"worst file {r['worst_file'][0]} topic macro-F1 {r['worst_file'][1]:.3f}")
    if r["themes"]:
        low = min(r["themes"], key=r["themes"].get)
        parts.append(f"lowest theme F1 {low} {r['themes'][low]:.2f}")
    if len(r["by_lang"]) > 1:
        parts.append("topic macro-F1 by language " + ", ".join(
            f"{lang} {x['topic_macro_f1']:.3f} (n {x['n']})" for lang, x in r["by_lang"].items()))
    if r["writers"]:
        parts.append("writers " + ", ".join(r["writers"]))
    if r.get("model"):
        parts.append(f"model {r['model']}")
    if r["unknown"]:
        parts.append("labels without a topic (scored as out_of_scope): "
                     + ", ".join(f"{label} ×{n}" for label, n in r["unknown"].most_common()))
    return history_row("fresh", f"`{name}`", r["n"], f"{r['topic_macro_f1']:.3f}", "; ".join(parts))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--writers", help="comma-separated writers to leave out (default: all)")
    ap.add_argument("--fresh", type=Path, help="score a fresh writer's JSON-lines file, or a folder of them, once (figures only)")
    ap.add_argument("--model", type=Path, help="with --fresh: score this model file instead of models/intake.tar.gz")
    ap.add_argument("--model-note", help="with --model: what the model is (goes into the row)")
    ap.add_argument("--show-misses", action="store_true", help="print the missed messages (tuning data only)")
    ap.add_argument("--out", type=Path, default=BENCHMARKS)
    ap.add_argument("--no-write", action="store_true", help="print only; do not append to --out")
    args = ap.parse_args(argv)
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    CACHE.mkdir(parents=True, exist_ok=True)

    if args.fresh:
        for name, r in fresh(args.fresh, args.model, args.model_note):
            row = fresh_row(name, r)
            print(row)
            if not args.no_write:
                append(None, row, args.out)
        return 0

    writers = sorted(p.stem for p in WRITERS_DIR.glob("*.yml"))
    if args.writers:
        unknown = set(args.writers.split(",")) - set(writers)
        if unknown:
            ap.error(f"no such writer: {', '.join(sorted(unknown))} (writers: {', '.join(writers)})")
        writers = [w for w in writers if w in args.writers.split(",")]
    res = leave_one_writer_out(writers, args.show_misses)
    section = render_lowo(res)
    print(section)
    mean, worst, worst_f1 = summary(res, "topic_macro_f1")
    imean, iworst, iworst_f1 = summary(res, "intent_macro_f1")
    note = partial_note(res)
    row = history_row("leave-one-writer-out", f"{len(res['writers'])} writers", res["pooled"]["n"],
                      f"{worst_f1:.3f} (worst: {worst})",
                      f"mean {mean:.3f}; intent macro-F1 mean {imean:.3f}, worst {iworst_f1:.3f} ({iworst}); "
                      f"{res['pooled']['wellbeing_out_of_scope']}/{res['pooled']['wellbeing']} wellbeing → out_of_scope"
                      + (f"; {note}" if note else ""))
    if not args.no_write:
        append(section, row, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
