"""Training happens only when nlu_data/ changed."""

import shutil

from bot.config import PROJECT_ROOT
from bot.training import nlu_hash


def test_hash_changes_when_training_data_changes_and_not_otherwise(tmp_path):
    copy = tmp_path / "nlu_data"
    shutil.copytree(PROJECT_ROOT / "nlu_data", copy)
    before = nlu_hash(copy)
    assert nlu_hash(copy) == before
    (copy / "tests").mkdir(exist_ok=True)
    (copy / "tests" / "extra.yml").write_text("stories: []\n")  # test stories do not train
    assert nlu_hash(copy) == before
    target = next((copy / "data").rglob("*.yml"))
    target.write_text(target.read_text() + "\n# changed\n")
    assert nlu_hash(copy) != before


def test_hash_changes_with_the_linear_intent_code_only_when_the_pipeline_has_it(tmp_path, monkeypatch):
    """The linear intent model is our own code inside a trained model: with it in the pipeline a
    change to its code trains again; without it, its code is no training input."""
    from bot import training

    copy = tmp_path / "nlu_data"
    shutil.copytree(PROJECT_ROOT / "nlu_data", copy)
    config = copy / "config.yml"
    lines = config.read_text().splitlines(keepends=True)
    config.write_text("".join(line for line in lines if training.LINEAR_INTENT not in line and "keep: [crisis]" not in line))
    before = nlu_hash(copy)
    monkeypatch.setattr(training, "trained_code_digest", lambda: "changed")
    assert nlu_hash(copy) == before
    config.write_text(config.read_text().replace("  - name: EntitySynonymMapper",
                                                 f"  - name: {training.LINEAR_INTENT}\n  - name: EntitySynonymMapper"))
    with_linear = nlu_hash(copy)
    monkeypatch.setattr(training, "trained_code_digest", lambda: "changed again")
    assert nlu_hash(copy) != with_linear


def test_needs_training_when_no_model_or_stale_stamp(settings):
    from bot.training import needs_training

    s = settings.with_overrides(project_root=settings.data_dir)
    (s.nlu_dir / "data").mkdir(parents=True)
    (s.nlu_dir / "config.yml").write_text("language: nl\n")
    assert needs_training(s)


def test_only_builds_the_one_model_asked_for(settings, monkeypatch):
    """`make test` builds the risk model first and trains Rasa beside the tests that need none:
    `intake train --only risk` must not start a Rasa training, `--only rasa` must not build the
    risk model, and no option builds both. The settings point at an empty project folder: the
    real models/.train.lock is held by `make test`'s own background training (waiting for it kept
    this test 2,056 s in CI)."""
    from bot import training
    from bot.safety import model as risk_model

    settings = settings.with_overrides(project_root=settings.data_dir)

    built: list[str] = []
    monkeypatch.setattr(training, "_train_locked", lambda s, force: built.append("rasa") or True)
    monkeypatch.setattr(risk_model, "ensure", lambda folder: built.append("risk"))
    assert training.train(settings, only="risk") is False and built == ["risk"]
    built.clear()
    assert training.train(settings, only="rasa") is True and built == ["rasa"]
    built.clear()
    training.train(settings)
    assert built == ["rasa", "risk"]
