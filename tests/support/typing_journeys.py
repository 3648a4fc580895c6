"""People who type every answer and never press a button: the typing-only journeys.

Used by tests/conversation/test_typing_only.py (they must reach their goal) and by
scripts/dialogue_eval.py (how many turns it takes). Each person answers whatever the bot asks
from its own table, through `intake chat --json` on a running stack.
"""

from __future__ import annotations

import json

from tests.support.stack import LiveChat

BOOKED = "Je afspraak staat!"


# The safety screen may ask its direct question after an ordinary answer (a false positive);
# none of these people is in danger, and they say so as anyone would. The turns count.
SAFETY_ANSWERS = [("in gevaar?", "nee"), ("aan zelfdoding?", "nee")]


def answer_for(answers: list[tuple[str, str]], question: str, *, so_far=lambda: "") -> str:
    """What this person types to the bot's last question (their own table, then the safety answers)."""
    for fragment, typed in [*answers, *SAFETY_ANSWERS]:
        if fragment in question:
            return typed
    raise AssertionError(f"no typed answer for {question!r}; so far: {so_far()}")


class TypingPerson:
    """Types an answer to whatever the bot asks, from its own table; never presses a button."""

    def __init__(self, stack, answers: list[tuple[str, str]], prefix: str):
        self.answers = answers
        self.chat = LiveChat(stack, stack.new_user(prefix))
        self.user = self.chat.user
        self.log: list[tuple[str, list[str]]] = []

    def say(self, text: str) -> list[dict]:
        replies = self.chat.say(text)
        self.log.append((text, [r["text"] for r in replies]))
        return replies

    def answer(self, replies: list[dict]) -> str:
        question = replies[-1]["text"] if replies else ""
        return answer_for(self.answers, question, so_far=self.transcript)

    def run_until(self, goal: str, limit: int = 30, first: str = "/start") -> list[dict]:
        replies = self.say(first)
        for _ in range(limit):
            if any(goal in r["text"] for r in replies):
                return replies
            for r in replies:
                assert "er gaat nu iets mis" not in r["text"], self.transcript()
            replies = self.say(self.answer(replies))
        raise AssertionError(f"{goal!r} not reached: {self.transcript()}")

    def transcript(self) -> str:
        return json.dumps(self.log[-6:], ensure_ascii=False, indent=1)

    def close(self) -> None:
        self.chat.close()


PARENT = [
    ("Voor wie schrijf je", "ik ben de moeder"),
    ("huisartsenpraktijk", "de linde in utrecht"),
    ("Waar gaat het over", "mijn zoon wil niet meer naar school"),
    ("Hoe oud", "dertien"),
    ("dat je contact opneemt", "ja dat weet hij"),
    ("Hoe lang speelt", "een week of drie"),
    ("naar school", "nee al weken niet"),
    ("dagelijks leven", "hij slaapt slecht en zit alleen op zijn kamer"),
    ("Hoe zwaar", "zeven"),
    ("Helpt er al iemand", "nee nog niemand"),
    ("Wat hoop je", "tips en een gesprek"),
    ("noemen", "liever niet"),
    ("contact met je opnemen", "06 12345678"),
    ("samenvatting delen", "ja hoor"),
    ("vrije tijden", "de eerste"),
    ("snel vrij zijn", "de eerste"),
    ("Hoe wil je het gesprek", "op de praktijk"),
]
YOUNG = [
    ("Voor wie schrijf je", "het gaat over mezelf"),
    ("huisartsenpraktijk", "zwolle"),
    ("Waar gaat het over", "ik pieker heel veel en slaap slecht"),
    ("Hoe oud", "zestien"),
    ("ouders erbij betrokken", "liever niet"),
    ("Hoe lang speelt", "een paar maanden"),
    ("naar school", "ja gewoon"),
    ("dagelijks leven", "ik kan me niet concentreren op school"),
    ("Hoe zwaar", "6"),
    ("Helpt er al iemand", "weet ik niet"),
    ("Wat hoop je", "iemand om mee te praten"),
    ("noemen", "Sam"),
    ("contact met je opnemen", "via de chat"),
    ("samenvatting delen", "nee liever niet"),
    ("vrije tijden", "maakt niet uit"),
    ("snel vrij zijn", "maakt niet uit"),
    ("Hoe wil je het gesprek", "video"),
]
PROFESSIONAL = [
    ("Voor wie schrijf je", "ik ben leerkracht van een leerling"),
    ("professional", "ik wil iemand spreken"),
    ("huisartsenpraktijk", "de linde in utrecht"),
]

# A stranger who never had the practice's link or code, and whose first message asks for a person:
# the practice is asked (typed here), then the call-back request is made. In Dutch and in English.
STRANGER_FIRST = "ik wil iemand spreken"
STRANGER = [
    ("huisartsenpraktijk", "de linde in utrecht"),
    ("Welke praktijk bedoel je", "de linde"),
]
STRANGER_EN_FIRST = "can someone call me"
STRANGER_EN = [
    ("GP practice", "linde in utrecht"),
    ("Which practice do you mean", "de linde"),
]

# The call-back request is made: the practice is asked to contact the person.
CALL_BACK = "Ik heb de praktijk gevraagd om contact met je op te nemen"
CALL_BACK_EN = "I have asked the practice to contact you"
# (name, answers, goal, turn limit)
JOURNEYS = [("parent", PARENT, BOOKED, 30), ("young person", YOUNG, BOOKED, 30),
            ("professional", PROFESSIONAL, CALL_BACK, 6)]
