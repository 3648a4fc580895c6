"""The stack tests' reader of the bot's replies knows the role question in every language a
conversation can run in: an English writer is asked "Who are you writing for?" and a harness that
only knew the Dutch words never pressed the role button, so an English hold-out writer's themes
counted as missed ("other answer")."""

from bot.i18n import gettext
from tests.support.theme_answers import PARENT, PROFESSIONAL, YOUNG, asks_who

BUTTONS = [{"title": "x", "payload": p} for p in (PARENT, YOUNG, PROFESSIONAL)]


def test_the_role_question_is_recognised_in_dutch_and_in_english():
    for language in ("nl", "en"):
        question = gettext(language, "Voor wie schrijf je?")
        assert asks_who({"replies": [{"text": question, "buttons": BUTTONS}]}), language


def test_without_the_role_buttons_it_is_not_the_role_question():
    assert not asks_who({"replies": [{"text": "Who are you writing for?", "buttons": []}]})
    assert not asks_who({"replies": [{"text": "Hoe oud is je kind?", "buttons": BUTTONS}]})
