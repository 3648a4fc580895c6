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


def test_needs_training_when_no_model_or_stale_stamp(settings):
    from bot.training import needs_training

    s = settings.with_overrides(project_root=settings.data_dir)
    (s.nlu_dir / "data").mkdir(parents=True)
    (s.nlu_dir / "config.yml").write_text("language: nl\n")
    assert needs_training(s)
