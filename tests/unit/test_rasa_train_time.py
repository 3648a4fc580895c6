"""scripts/rasa_train_time.py reads the seconds per component from Rasa's own training log."""

from tests.support.scripts import load_script

LOG = """\
2026-12-01 15:39:40 INFO     rasa.engine.training.hooks  - Starting to train component 'CountVectorsFeaturizer'.
2026-12-01 15:39:52 INFO     rasa.engine.training.hooks  - Finished training component 'CountVectorsFeaturizer'.
2026-12-01 15:39:52 INFO     rasa.engine.training.hooks  - Starting to train component 'CountVectorsFeaturizer'.
2026-12-01 15:40:02 INFO     rasa.engine.training.hooks  - Finished training component 'CountVectorsFeaturizer'.
Epochs: 100%|##########| 60/60 [08:00<00:00, 8.00s/it]
2026-12-01 15:40:02 INFO     rasa.engine.training.hooks  - Starting to train component 'DIETClassifier'.
2026-12-01 15:48:05 INFO     rasa.engine.training.hooks  - Finished training component 'DIETClassifier'.
2026-12-01 15:48:05 INFO     rasa.engine.training.hooks  - Restored component 'RegexFeaturizer' from cache.
"""


def test_each_component_gets_its_seconds_and_a_second_one_of_the_same_name_is_numbered():
    script = load_script("rasa_train_time")
    assert script.components(LOG) == [
        ("CountVectorsFeaturizer", 12.0), ("CountVectorsFeaturizer (2)", 10.0), ("DIETClassifier", 483.0)]


def test_the_table_names_the_data_the_load_and_the_whole_training():
    script = load_script("rasa_train_time")
    text = script.table({"hash": "abcd1234", "wall": 612.4, "load": "0.30 / 1.10",
                         "components": [("DIETClassifier", 483.0), ("EntitySynonymMapper", 0.0)]},
                        "2026-12-01 16:00 UTC", "b39bdd0")
    assert "nlu_data abcd1234" in text and "0.30 / 1.10" in text
    assert "| DIETClassifier | 483 |" in text and "EntitySynonymMapper" not in text
    assert "**612**" in text
