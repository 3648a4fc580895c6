"""The shipped risk thresholds are kept in data/risk-thresholds.json with the key of the corpus and
code they were chosen for (bot.safety.kept_thresholds); training takes them from there and fits
only the final classifier. The file is never silently stale."""

import ast
import json
import logging
import shutil

import joblib
import pytest

from bot.safety import classifier, corpus, kept_thresholds, model
from bot.safety.classifier import Thresholds


def test_the_kept_thresholds_are_for_the_current_corpus_and_code():
    # Fails after any change to data/risk/, the classifier's code or its libraries until
    # `make risk-thresholds` has written the file again (the message says so).
    reason = kept_thresholds.stale()
    assert reason is None, reason
    data = kept_thresholds.read()
    assert data["writers"] == sorted({r["writer"] for r in corpus.load()})
    assert kept_thresholds.load() is not None


def _kept_copy(tmp_path, change):
    """A copy of the kept file as it would have been written for other key parts."""
    data = kept_thresholds.read()
    assert data is not None, kept_thresholds.stale()
    change(data["key_parts"])
    data["key"] = kept_thresholds.key_of(data["key_parts"])
    path = tmp_path / "risk-thresholds.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_file_for_another_corpus_or_code_is_stale_and_names_the_command(tmp_path, caplog):
    def other_corpus(parts):
        parts["corpus"] = "0" * 16

    def other_rules(parts):
        parts["code"]["rules.py"] = "0" * 16

    def other_sklearn(parts):
        parts["libraries"]["scikit-learn"] = "9.9"

    for change, named in ((other_corpus, "corpus"), (other_rules, "code rules.py"), (other_sklearn, "scikit-learn")):
        path = _kept_copy(tmp_path, change)
        reason = kept_thresholds.stale(path)
        assert reason is not None and named in reason and "make risk-thresholds" in reason
        with caplog.at_level(logging.WARNING, logger="bot.safety.kept_thresholds"):
            assert kept_thresholds.load(path) is None
        assert "make risk-thresholds" in caplog.text
    assert "missing" in kept_thresholds.stale(tmp_path / "nothing.json")


def test_the_key_follows_the_corpus_and_the_code(tmp_path):
    data_dir, code_dir = tmp_path / "risk", tmp_path / "code"
    shutil.copytree(corpus.CORPUS_DIR, data_dir)
    shutil.copytree(kept_thresholds.HERE, code_dir)
    before = kept_thresholds.key_of(kept_thresholds.key_parts(data_dir, code_dir))
    assert before == kept_thresholds.current_key()
    first = corpus.files(data_dir)[0]
    lines = first.read_text(encoding="utf-8").splitlines(keepends=True)
    first.write_text("".join(lines[1:]), encoding="utf-8")  # one message fewer
    after_corpus = kept_thresholds.key_of(kept_thresholds.key_parts(data_dir, code_dir))
    assert after_corpus != before
    (code_dir / "vocab.py").write_text((code_dir / "vocab.py").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert kept_thresholds.key_of(kept_thresholds.key_parts(data_dir, code_dir)) != after_corpus


def _safety_imports(path):
    """The bot.safety modules a source file imports (by file name)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "bot.safety":
            names |= {f"{alias.name}.py" for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bot.safety."):
            names.add(node.module.split(".")[2] + ".py")
        elif isinstance(node, ast.Import):
            names |= {a.name.split(".")[2] + ".py" for a in node.names if a.name.startswith("bot.safety.")}
    return names


def test_every_module_the_threshold_code_imports_is_in_the_key():
    # corpus.py only reads the files, whose content is in the key as the corpus.
    seen, todo = set(), list(kept_thresholds.CODE)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo += [n for n in _safety_imports(kept_thresholds.HERE / name) if n != "corpus.py"]
    assert seen <= set(kept_thresholds.CODE), f"add to kept_thresholds.CODE: {sorted(seen - set(kept_thresholds.CODE))}"


_LOAD = corpus.load


def _small_corpus():
    """Ten messages of each label of two writers of every label: enough to fit both models, in seconds."""
    rows = _LOAD()
    writers = sorted(w for w in {r["writer"] for r in rows}
                     if {r["label"] for r in rows if r["writer"] == w} == set(corpus.LABELS))[:2]
    return [r for w in writers for label in corpus.LABELS
            for r in [r for r in rows if r["writer"] == w and r["label"] == label][:10]]


def test_training_takes_the_kept_thresholds_and_fits_no_model_per_writer(tmp_path, monkeypatch):
    kept = Thresholds(crisis=0.77, check_in=0.44, agreement=0.22)

    def no_inner_models(*args, **kwargs):
        raise AssertionError("the thresholds were chosen again instead of taken from the file")

    monkeypatch.setattr(classifier, "out_of_writer", no_inner_models)
    monkeypatch.setattr(classifier, "choose_thresholds", no_inner_models)
    monkeypatch.setattr(kept_thresholds, "load", lambda path=None: kept)
    monkeypatch.setattr(model.corpus, "load", _small_corpus)
    risk = joblib.load(model.ensure(tmp_path))
    assert risk.thresholds == kept
    assert risk.classifier.predict(["ik wil niet meer leven"])[0].crisis > 0


def test_with_a_stale_file_training_chooses_the_thresholds_itself_and_warns(tmp_path, monkeypatch, caplog):
    chosen = []

    def choose(rows, hits, *args, **kwargs):
        chosen.append(len(rows))
        return Thresholds(crisis=0.9, check_in=0.6, agreement=0.3)

    stale = _kept_copy(tmp_path, lambda parts: parts.update(corpus="0" * 16))
    monkeypatch.setattr(kept_thresholds, "PATH", stale)
    monkeypatch.setattr(classifier, "choose_thresholds", choose)
    monkeypatch.setattr(model.corpus, "load", _small_corpus)
    with caplog.at_level(logging.WARNING):
        risk = joblib.load(model.ensure(tmp_path / "models"))
    assert chosen == [len(_small_corpus())]
    assert risk.thresholds.crisis == pytest.approx(0.9)
    assert "make risk-thresholds" in caplog.text


def test_a_new_kept_file_is_a_new_model_version(tmp_path, monkeypatch):
    path = _kept_copy(tmp_path, lambda parts: None)
    monkeypatch.setattr(kept_thresholds, "PATH", path)
    before = model.version()
    data = json.loads(path.read_text(encoding="utf-8"))
    data["thresholds"]["crisis"] = 0.5
    path.write_text(json.dumps(data), encoding="utf-8")
    assert model.version() != before
