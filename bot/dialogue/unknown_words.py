"""A Rasa NLU component: a message without a single word the model has seen is not guessed at.

A classifier always picks its nearest intent, and character n-grams make it confident about
strings such as "xkcdqwe" (it said ``deny`` at 0.9 and the bot answered "Oké. Vertel maar …").
This component learns the vocabulary of the training data; at run time, when none of the words
of a message is known (or within a typo of a known word), it sets the intent's confidence to 0
and drops the ranking, so the FallbackClassifier after it turns the message into
``nlu_fallback`` and the two-stage fallback asks what the person means instead of guessing.

Inside a form a typed answer still fills the asked slot (the intake's slot mappings accept
``nlu_fallback``), so a name or a place the model never saw is not lost. The parse says
``unknown_words: true`` then, so a question that wants words (the intake's topic) can tell
gibberish from an answer.

Listed in nlu_data/config.yml between the classifiers and the FallbackClassifier. Being the one
component of ours there, it also applies the baby answer's age rule to every message (the model's
baby/JGZ guess is dropped for a child of 5 or older: bot.content.themes.without_the_baby_guess); its
code is read when the model loads, so a change here needs no training.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.dialogue import UNKNOWN_WORDS

log = logging.getLogger(__name__)

_WORD_RE = re.compile(r"[^\W\d_]{2,}")
_FILE = "vocabulary.json"


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD_RE.findall(text or "")]


def vocabulary_of(texts) -> set[str]:
    vocab: set[str] = set()
    for text in texts:
        vocab.update(words(text))
    return vocab


def is_unknown(text: str, vocabulary: set[str], *, min_similarity: float = 84.0) -> bool:
    """True when the text has words and none of them is (nearly) a known word.

    Digits alone ("14", "06 12345678") are answers, not gibberish: they are never unknown.
    """
    from rapidfuzz import fuzz, process

    tokens = words(text)
    if not tokens or re.search(r"\d", text or ""):
        return False
    for token in tokens:
        if token in vocabulary:
            return False
        if len(token) >= 4:
            candidates = [w for w in vocabulary if abs(len(w) - len(token)) <= 2]
            if process.extractOne(token, candidates, scorer=fuzz.ratio, score_cutoff=min_similarity):
                return False
    return True


def _without_the_baby_guess(message: Message, text: str) -> None:
    """The baby/JGZ question is no guess for a message about a child of 5 or older (the rule and why:
    bot.content.themes.without_the_baby_guess). Here, the one place every message passes before the
    FallbackClassifier, so the theme answer, the did-you-mean and `intake classify` all see the same
    reading; ``baby_guess_dropped`` in the parse says the rule was applied."""
    from bot.content.themes import without_the_baby_guess

    again = without_the_baby_guess({"text": text, "intent": message.get("intent"),
                                     "intent_ranking": message.get("intent_ranking")})
    if again is not None:
        message.set("intent", again["intent"], add_to_output=True)
        message.set("intent_ranking", again["intent_ranking"], add_to_output=True)
        message.set("baby_guess_dropped", True, add_to_output=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class UnknownWordsGuard(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"min_similarity": 84.0}

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 vocabulary: set[str] | None = None) -> None:
        self._config = {**self.get_default_config(), **(config or {})}
        self._model_storage = model_storage
        self._resource = resource
        self.vocabulary = vocabulary or set()

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> UnknownWordsGuard:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        texts = [m.get("text") or "" for m in training_data.training_examples]
        for table in training_data.lookup_tables or []:
            elements = table.get("elements")
            texts.extend(elements if isinstance(elements, list) else [])
        texts.extend(training_data.entity_synonyms.keys())
        texts.extend(str(v) for v in training_data.entity_synonyms.values())
        self.vocabulary = vocabulary_of(texts)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / _FILE).write_text(json.dumps(sorted(self.vocabulary)), encoding="utf-8")
        return self._resource

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> UnknownWordsGuard:
        try:
            with model_storage.read_from(resource) as directory:
                vocabulary = set(json.loads((directory / _FILE).read_text(encoding="utf-8")))
        except (ValueError, OSError):
            log.warning("no vocabulary in the model; the unknown-words guard lets everything through")
            vocabulary = set()
        return cls(config, model_storage, resource, vocabulary)

    def process(self, messages: list[Message]) -> list[Message]:
        if not self.vocabulary:
            return messages
        for message in messages:
            intent = message.get("intent")
            text = message.get("text") or ""
            if not intent or text.startswith("/"):
                continue
            if is_unknown(text, self.vocabulary, min_similarity=self._config["min_similarity"]):
                message.set("intent", {**intent, "confidence": 0.0}, add_to_output=True)
                message.set("intent_ranking", [], add_to_output=True)
                # Said in the parse (and so in the tracker): a form's free-text question may take
                # any text, but not one without a single known word ("blabla qwerty" as the topic).
                message.set(UNKNOWN_WORDS, True, add_to_output=True)
                continue
            _without_the_baby_guess(message, text)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
