"""The linear intent model (bot.dialogue.linear_intent) and its Rasa component."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.dialogue.linear_intent import LinearIntentClassifier, LinearIntentModel

# A small Dutch-only training set: three worries and a practical question.
TRAIN = {
    "ask_slaap": ["mijn zoon slaapt heel slecht", "ze ligt elke nacht wakker", "hij kan niet in slaap komen",
                  "ze wordt steeds wakker s nachts", "slaapproblemen bij mijn dochter"],
    "ask_school": ["hij wil niet naar school", "ze spijbelt al weken", "mijn dochter gaat niet meer naar school",
                   "hij zit al een maand thuis van school", "ze weigert naar de les te gaan"],
    "ask_pesten": ["hij wordt gepest op school", "ze pesten haar in de groepsapp", "mijn zoon wordt uitgescholden in de klas",
                   "ze wordt buitengesloten en gepest", "kinderen slaan hem op het schoolplein"],
    "faq/kosten": ["wat kost het", "moet ik betalen", "kost een gesprek geld", "gaat het van mijn eigen risico af",
                   "is het gratis"],
}


def _examples():
    texts = [t for examples in TRAIN.values() for t in examples]
    intents = [label.split("/")[0] for label, examples in TRAIN.items() for _ in examples]
    return texts, intents


def test_probabilities_are_one_row_per_text_summing_to_one_and_the_training_sentences_are_known():
    texts, intents = _examples()
    model = LinearIntentModel().fit(texts, intents)
    p = model.probabilities(texts)
    assert p.shape == (len(texts), 4)
    assert np.allclose(p.sum(axis=1), 1.0)
    assert [model.intents[i] for i in p.argmax(axis=1)] == intents


def test_the_sentence_vector_understands_english_and_polish_the_training_never_had():
    """Trained on Dutch only: the same worries in English and Polish reach their intent with the
    sentence vector; without it (words and character n-grams only) fewer do."""
    texts, intents = _examples()
    strangers = {
        "my son can't sleep at night": "ask_slaap",
        "she refuses to go to school": "ask_school",
        "kids at school bully him every day": "ask_pesten",
        "how much does it cost": "faq",
        "mój syn nie może spać w nocy": "ask_slaap",
        "córka nie chce chodzić do szkoły": "ask_school",
    }

    def right(model):
        p = model.probabilities(list(strangers))
        return sum(model.intents[i] == want for i, want in zip(p.argmax(axis=1), strangers.values(), strict=True))

    with_vector = right(LinearIntentModel(sentence_weight=1.0).fit(texts, intents))
    without = right(LinearIntentModel(sentence_weight=0.0).fit(texts, intents))
    assert with_vector >= 5
    assert with_vector > without


def test_a_clear_message_is_confident_and_a_message_like_no_intent_is_not():
    texts, intents = _examples()
    model = LinearIntentModel().fit(texts, intents)
    clear, unclear = model.probabilities(["mijn dochter slaapt heel slecht en ligt elke nacht wakker", "de bus was te laat"])
    assert clear.max() > 0.8
    assert unclear.max() < clear.max() - 0.3


@pytest.fixture
def storage(tmp_path):
    return LocalModelStorage(tmp_path)


def test_the_component_trains_saves_loads_and_sets_the_intent_and_its_ranking(storage):
    texts, _ = _examples()
    messages = [Message(data={"text": t, "intent": label.split("/")[0]}) for label, examples in TRAIN.items() for t in examples]
    resource = Resource("linear_intent")
    context = ExecutionContext(graph_schema=None, model_id="test")
    component = LinearIntentClassifier.create(LinearIntentClassifier.get_default_config(), storage, resource, context)
    component.train(TrainingData(messages))
    loaded = LinearIntentClassifier.load(LinearIntentClassifier.get_default_config(), storage, resource, context)
    message = Message(data={"text": "hij wordt elke dag gepest in de klas", "intent": {"name": "greet", "confidence": 0.9}})
    loaded.process([message])
    assert message.get("intent")["name"] == "ask_pesten"
    ranking = message.get("intent_ranking")
    assert [r["name"] for r in ranking][0] == "ask_pesten" and len(ranking) == 4
    assert ranking[0]["confidence"] == message.get("intent")["confidence"]
    assert texts  # the training set was not empty


def test_a_component_without_a_trained_model_leaves_the_intent_alone(storage):
    context = ExecutionContext(graph_schema=None, model_id="test")
    component = LinearIntentClassifier.load({}, storage, Resource("never_trained"), context)
    message = Message(data={"text": "hallo", "intent": {"name": "greet", "confidence": 0.9}})
    component.process([message])
    assert message.get("intent") == {"name": "greet", "confidence": 0.9}


def test_the_crisis_intent_stays_diets_and_the_linear_model_never_says_it(storage):
    """Trained with crisis examples that share words with a school worry ("wil niet meer"), the
    component learns no crisis intent: a school worry is never called a crisis by it, and a message
    DIET called a crisis is left as DIET read it."""
    texts, _ = _examples()
    messages = [Message(data={"text": t, "intent": label.split("/")[0]}) for label, examples in TRAIN.items() for t in examples]
    messages += [Message(data={"text": t, "intent": "crisis"}) for t in
                 ("ik wil niet meer", "ik wil niet meer leven", "ik wil dood", "hij wil niet meer verder")]
    resource = Resource("linear_intent_crisis")
    context = ExecutionContext(graph_schema=None, model_id="test")
    component = LinearIntentClassifier.create(LinearIntentClassifier.get_default_config(), storage, resource, context)
    component.train(TrainingData(messages))
    assert "crisis" not in component.model.intents
    school = Message(data={"text": "mijn zoon wil niet meer naar school", "intent": {"name": "greet", "confidence": 0.6}})
    diet_crisis = Message(data={"text": "ik wil niet meer leven", "intent": {"name": "crisis", "confidence": 0.97}})
    component.process([school, diet_crisis])
    assert school.get("intent")["name"] == "ask_school"
    assert diet_crisis.get("intent") == {"name": "crisis", "confidence": 0.97}


def test_a_number_is_known_by_its_shape_not_its_digits():
    from bot.dialogue.linear_intent import normalise

    assert normalise("bel me op 0687654321, hij is 14") == "bel me op 0000000000, hij is 00"
    texts = ["mijn nummer is 0612345678", "bel me op 0698765432", "06 11223344", "je kunt me bereiken op 0201234567",
             "ze is 14", "hij is 9 jaar", "16", "mijn dochter is 12"]
    intents = ["inform_contact"] * 4 + ["inform_age"] * 4
    model = LinearIntentModel().fit(texts, intents)
    p = model.probabilities(["0655544433", "mijn nummer is 0687654321", "13"])
    assert [model.intents[i] for i in p.argmax(axis=1)] == ["inform_contact", "inform_contact", "inform_age"]


def test_a_message_that_only_gives_a_phone_number_is_the_phone_answer(storage):
    messages = [Message(data={"text": t, "intent": i}) for t, i in (
        ("wilt u mij terugbellen? mijn nummer is 0591 36 27 84", "request_human"),
        ("kan iemand mij bellen? 0612345678", "request_human"), ("ik wil iemand spreken", "request_human"),
        ("0687654321", "inform_contact"), ("mail mij maar op a@b.nl", "inform_contact"), ("06-11223344", "inform_contact"),
        ("hoi", "greet"), ("hallo daar", "greet"))]
    resource = Resource("linear_intent_phone")
    context = ExecutionContext(graph_schema=None, model_id="test")
    component = LinearIntentClassifier.create(LinearIntentClassifier.get_default_config(), storage, resource, context)
    component.train(TrainingData(messages))
    phone = Message(data={"text": "mijn nummer is 0687654321"})
    asking = Message(data={"text": "kunnen jullie mij terugbellen over mijn zoon?"})
    component.process([phone, asking])
    assert phone.get("intent")["name"] == "inform_contact" and phone.get("intent")["confidence"] > 0.5
    assert asking.get("intent")["name"] == "request_human"
