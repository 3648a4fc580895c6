"""Finding the practice from what a person types, and the intake's practice question."""

from bot.dialogue.practices import PracticeInfo, find
from bot.intake.flow import advance, next_question

LINDE = PracticeInfo("LINDE", "Huisartsenpraktijk De Linde", "Utrecht", "Lindelaan 12, 3521 AB Utrecht", "POH-Jeugd")
ANKER = PracticeInfo("ANKER", "Gezondheidscentrum Het Anker", "Zwolle", "Havenstraat 3, 8011 XA Zwolle",
                     "Specialist Ondersteuner Jeugd (SOJ)")
PRACTICES = [LINDE, ANKER]


def chosen(text):
    found = find(text, PRACTICES)
    return found.chosen.code if found.chosen else None


def test_a_name_a_place_a_street_or_a_code_finds_the_practice_despite_typos():
    for text in ["de linde", "Huisartsenpraktijk De Linde", "De Lind", "linde in utrecht", "Utrecht", "lindelaan",
                 "LINDE", "linde"]:
        assert chosen(text) == "LINDE", text
    for text in ["het anker", "ankr", "zwole", "Havenstraat Zwolle", "gezondheidscentrum het anker"]:
        assert chosen(text) == "ANKER", text


def test_a_postcode_finds_the_nearest_practice():
    assert chosen("3521AB") == "LINDE"
    assert chosen("mijn postcode is 3512 XK") == "LINDE"
    assert chosen("8021") == "ANKER"


def test_words_that_name_no_practice_find_nothing():
    for text in ["ik wil graag een afspraak maken", "weet ik niet", "kost het geld?", "mijn zoon is 14",
                 "huisartsenpraktijk", "Amsterdam", "1234"]:
        found = find(text, PRACTICES)
        assert found.chosen is None and found.options == (), text


def test_two_similar_practices_become_buttons_instead_of_a_guess():
    other = PracticeInfo("LINDE2", "Huisartsen De Linde Noord", "Utrecht", "Noordweg 1, 3531 AA Utrecht")
    found = find("de linde", [LINDE, other, ANKER])
    assert found.chosen is None
    assert {p.code for p in found.options} == {"LINDE", "LINDE2"}


class Form:
    def __init__(self, **slots):
        self.slots = {"role": "ouder", "intake_started": True, **slots}
        self.sent = []
        self.asked = next_question(self.slots)

    def say(self, text):
        step = advance(self.slots, requested=self.asked, text=text, value=text, practices=PRACTICES)
        self.slots.update(step.updates)
        self.sent += step.responses
        self.asked = next_question(self.slots)
        return self.asked


def test_the_intake_asks_the_practice_and_a_typed_place_answers_it():
    form = Form()
    assert form.asked == "practice_code"
    assert form.say("zwolle") == "topic"
    assert form.slots["practice_code"] == "ANKER" and form.slots["practice_name"] == "Gezondheidscentrum Het Anker"
    assert form.slots["worker_title"] == "Specialist Ondersteuner Jeugd (SOJ)"
    assert form.sent == ["utter_practice_chosen"]


def test_not_knowing_the_practice_ends_the_intake_kindly_instead_of_asking_forever():
    form = Form()
    assert form.say("weet ik niet") == "practice_code"
    assert form.sent == ["utter_practice_unknown"]
    assert form.say("Amsterdam") == "practice_code"
    assert form.say("nog steeds geen idee") is None
    assert form.slots["intake_outcome"] == "no_practice"
    assert form.sent[-1] == "utter_intake_redirect_no_practice"


def test_three_practices_not_found_end_the_intake_instead_of_looping():
    form = Form()
    assert form.say("Amsterdam") == "practice_code"
    assert form.sent[-1] == "utter_practice_not_found"
    assert form.say("Rotterdam") == "practice_code"
    assert form.say("Groningen") is None
    assert form.slots["intake_outcome"] == "no_practice"


def test_the_one_loader_gives_every_practice_by_name_for_the_action_server_and_the_bot_app(store):
    """actions/intake.py and bot/dialogue/bare_answer.py read the table through this one loader."""
    from bot.dialogue.practices import load
    from bot.store.models import Practice

    with store.session() as s:
        s.add_all([Practice(code="ZZZ", name="Gezondheidscentrum Het Anker", municipality="Zwolle",
                            address="Havenstraat 3, 8011 XA Zwolle"),
                   Practice(code="AAA", name="Huisartsenpraktijk De Linde", municipality="Utrecht")])
    practices = load(store)
    assert [p.code for p in practices] == ["ZZZ", "AAA"]  # by name, as the practice question's buttons
    assert practices[0].postcode == 8011 and practices[1].address == "" and practices[1].worker_title == "POH-Jeugd"
    assert find("het anker", practices).chosen.code == "ZZZ"
