"""Every string the test suite could type at the bot, screened by two versions of the safety screen.

    .venv/bin/python scripts/screen_diff.py --base main          this checkout's screen against main's
    .venv/bin/python scripts/screen_diff.py --base 42b5fe9 --all  also list the unchanged decisions

Collects the string literals of tests/**/*.py (minus docstrings, commands and payloads starting
with "/", identifiers, paths, format strings) and the "text" fields of tests/**/*.jsonl, screens
each with this checkout's rules and risk model and with the rules and risk model of ``--base`` (a
git revision of this repository, exported to a temporary folder: nothing is written to another
checkout), and prints every string whose outcome (crisis / check_in / none) changed, with where it
occurs. Literals that are never typed (expected replies, labels) are screened too: a superset is
cheaper than deciding which ones are typed, and a changed decision on one is easy to skip.

Both risk models are trained in memory from each version's own corpus and kept thresholds (no
models/ folder is touched), so it takes a minute or two per side.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Screens the strings on stdin (JSON list) with the checkout in the current directory; prints
# a JSON list of outcomes. The model is trained in memory (nothing written under models/).
SCREEN = r"""
import json, sys
sys.path.insert(0, ".")
import importlib
from bot.safety import corpus, kept_thresholds, model
s = importlib.import_module("bot.safety.screen")  # the module: bot.safety's `screen` is the function
trained = model.train(corpus.load(), kept_thresholds.load())
s._model = lambda: trained
texts = json.load(sys.stdin)
print(json.dumps([s.screen(t).outcome for t in texts]))
"""

IDENTIFIER = re.compile(r"^[\w.\-:/{}\[\]%*<>=]+$")


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def typed_like(text: str) -> bool:
    """Whether a literal could be a message: it has a letter or a digit, is not a command or a
    payload, not an identifier or a path, not a format template."""
    t = text.strip()
    if not t or len(t) > 600 or t.startswith("/") or not any(c.isalnum() for c in t):
        return False
    if " " not in t and ("_" in t or "." in t or "/" in t) and IDENTIFIER.match(t):
        return False
    return "{" not in t or "}" not in t


def collect(root: Path) -> dict[str, list[str]]:
    """{string: [where it occurs, as path:line]} for every test file under ``root``/tests."""
    found: dict[str, list[str]] = {}
    for path in sorted((root / "tests").rglob("*.py")):
        rel = path.relative_to(root)
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except SyntaxError:
            continue
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                if typed_like(node.value):
                    found.setdefault(node.value.strip(), []).append(f"{rel}:{node.lineno}")
    for path in sorted((root / "tests").rglob("*.jsonl")):
        rel = path.relative_to(root)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                text = str(json.loads(line).get("text", "")).strip()
                if typed_like(text):
                    found.setdefault(text, []).append(f"{rel}:{number}")
    return found


def export(revision: str, target: Path) -> Path:
    """The tree of ``revision`` (git archive) in ``target``."""
    data = subprocess.run(["git", "archive", revision], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(target)
    return target


def outcomes(checkout: Path, texts: list[str]) -> list[str]:
    result = subprocess.run([sys.executable, "-c", SCREEN], cwd=checkout, input=json.dumps(texts),
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"screening in {checkout} failed: {result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main", help="git revision to compare with (default main)")
    parser.add_argument("--all", action="store_true", help="also list the decisions that did not change")
    args = parser.parse_args(argv)
    found = collect(ROOT)
    texts = sorted(found)
    with tempfile.TemporaryDirectory() as tmp:
        base = outcomes(export(args.base, Path(tmp)), texts)
    mine = outcomes(ROOT, texts)
    changed = [(t, b, m) for t, b, m in zip(texts, base, mine, strict=True) if b != m]
    print(f"{len(texts)} strings in tests/ screened; {len(changed)} decisions changed ({args.base} -> this checkout)")
    for text, b, m in changed:
        where = ", ".join(found[text][:3]) + (f" (+{len(found[text]) - 3})" if len(found[text]) > 3 else "")
        print(f"{b:>8} -> {m:<8} {text[:100]!r}  [{where}]")
    if args.all:
        for text, b, m in zip(texts, base, mine, strict=True):
            if b == m and b != "none":
                print(f"{b:>8} == {m:<8} {text[:100]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
