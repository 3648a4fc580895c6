"""A Rasa NLU component: the intent from a linear model over words, character n-grams and a
multilingual sentence vector.

DIET learned the training writers' phrasing too well: on writers it never saw, its topic macro-F1
stayed around 0.70 for weeks, whatever writers were added. A linear support vector machine over
TF-IDF word and character n-gram features plus the Universal Sentence Encoder's vector
(bot.sentence_vectors, multilingual, so "my son refuses school" and "mój syn nie chce chodzić do
szkoły" land near "mijn zoon wil niet naar school") generalised much better in the same
comparisons (docs/nlu.md, docs/benchmarks.md). It trains in seconds.

It runs after DIET in nlu_data/config.yml and replaces DIET's ``intent`` and ``intent_ranking``;
DIET still finds the entities (age, duration, relation, role, topic) and the ResponseSelector
still picks the FAQ answer. One intent stays DIET's alone (``keep``, default ``crisis``): this
model is trained without its examples and never says it, and when DIET says it the message is
left as DIET read it. The crisis intent is the safety engineer's few short examples; over
character n-grams the linear model found "wil niet meer" in "mijn zoon wil niet meer naar school"
and the bot sent the suicide card to a parent asking about school refusal. The safety screen
(bot/safety) reads every message before Rasa does; the crisis intent stays what it was.

The confidence is a softmax over the SVM's decision scores (``temperature`` times the score),
so the FallbackClassifier's threshold and ambiguity gap keep their meaning: a clear winner
scores near 1, a near tie or a message far from every intent low.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import joblib
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers import LABEL_RANKING_LENGTH
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from bot.intake.parsing import only_a_phone
from bot.sentence_vectors import encode
from bot.training import trained_code_digest

log = logging.getLogger(__name__)

_FILE = "linear_intent.joblib"


_DIGIT = re.compile(r"\d")


def normalise(text: str) -> str:
    """Every digit becomes 0: a phone number, an age or a score is known by its shape ("0000000000",
    "00", "0"), not by digits no training writer happened to type."""
    return _DIGIT.sub("0", text or "")


class LinearIntentModel:
    """The model itself, free of Rasa (unit-tested and used by scripts as is)."""

    def __init__(self, c: float = 1.0, temperature: float = 5.0, sentence_weight: float = 1.0):
        self.c, self.temperature, self.sentence_weight = c, temperature, sentence_weight
        self.words = self.chars = self.svm = None

    def _matrix(self, texts: list[str], fit: bool = False):
        texts = [normalise(t) for t in texts]
        if fit:
            self.words = TfidfVectorizer(analyzer="word", sublinear_tf=True, token_pattern=r"(?u)\b\w+\b")
            self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
            a, b = self.words.fit_transform(texts), self.chars.fit_transform(texts)
        else:
            a, b = self.words.transform(texts), self.chars.transform(texts)
        blocks = [a, b]
        if self.sentence_weight:
            blocks.append(sparse.csr_matrix(encode(texts) * self.sentence_weight))
        return sparse.hstack(blocks).tocsr()

    def fit(self, texts: list[str], intents: list[str]) -> LinearIntentModel:
        self.svm = LinearSVC(C=self.c).fit(self._matrix(texts, fit=True), intents)
        return self

    @property
    def intents(self) -> list[str]:
        return [str(c) for c in self.svm.classes_]

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """One row per text, one column per intent (:attr:`intents`), each row summing to 1."""
        scores = self.svm.decision_function(self._matrix(texts))
        if scores.ndim == 1:  # two intents: sklearn gives one column
            scores = np.column_stack([-scores, scores])
        scores = scores * self.temperature
        scores -= scores.max(axis=1, keepdims=True)
        e = np.exp(scores)
        return e / e.sum(axis=1, keepdims=True)


def _as_contact(row: np.ndarray, contact: int) -> np.ndarray:
    """A message that only gives a phone number ("mijn nummer is 06…", "bel me op 06…") is the
    answer to the phone question. Outside that question the bot's bare-answer layer makes it a
    call-back request (bot.dialogue.bare_answer.phone_payload), so the NLU need not guess which:
    the model, from two writers' "mijn nummer is …" in a call-back request, said request_human
    and the intake answered its own phone question with the call-back text."""
    row = row.copy()
    row[contact] = max(row[contact], 0.9)
    return row / row.sum()


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"C": 1.0, "temperature": 5.0, "sentence_weight": 1.0, "keep": ["crisis"]}

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 model: LinearIntentModel | None = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage, self._resource, self.model = model_storage, resource, model

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str:
        """This file and the sentence vectors' (bot.training.TRAINED_CODE): a change to them trains
        the component again instead of restoring it from Rasa's cache."""
        return trained_code_digest()

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> LinearIntentClassifier:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        keep = set(self.config["keep"])
        examples = [m for m in training_data.intent_examples
                    if m.get(TEXT) and m.get(INTENT) and m.get(INTENT) not in keep]
        if len({m.get(INTENT) for m in examples}) < 2:
            log.warning("LinearIntentClassifier: fewer than two intents, not trained")
            return self._resource
        c = self.config
        self.model = LinearIntentModel(c["C"], c["temperature"], c["sentence_weight"])
        self.model.fit([m.get(TEXT) for m in examples], [m.get(INTENT) for m in examples])
        with self._storage.write_to(self._resource) as directory:
            joblib.dump(self.model, directory / _FILE)
        return self._resource

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> LinearIntentClassifier:
        model = None
        try:
            with model_storage.read_from(resource) as directory:
                model = joblib.load(directory / _FILE)
        except (ValueError, FileNotFoundError):
            log.warning("LinearIntentClassifier: no trained model in the archive; DIET's intent stands")
        return cls(config, model_storage, resource, model)

    def process(self, messages: list[Message]) -> list[Message]:
        keep = set(self.config["keep"])
        todo = [m for m in messages if m.get(TEXT) and (m.get(INTENT) or {}).get("name") not in keep]
        if self.model is None or not todo:
            return messages
        probabilities = self.model.probabilities([m.get(TEXT) for m in todo])
        names = self.model.intents
        for message, row in zip(todo, probabilities, strict=True):
            if "inform_contact" in names and only_a_phone(message.get(TEXT) or ""):
                row = _as_contact(row, names.index("inform_contact"))
            order = np.argsort(-row)[:LABEL_RANKING_LENGTH]
            ranking = [{"name": names[i], "confidence": float(row[i])} for i in order]
            message.set(INTENT, dict(ranking[0]), add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
