"""The crisis card and the check-in: the right numbers per category and voice, true facts,
tappable forms, every card language translated, warm and honest texts."""

import re

import pytest

from bot.replies import unavailable
from bot.safety.helplines import CATEGORY_LINES, HELPLINES, international_form, phone_text
from bot.safety.replies import (
    CARD,
    CARD_LANGUAGES,
    CARD_MSGIDS,
    check_in_follow_up,
    check_in_reply,
    crisis_replies,
    huisartsenpost_reply,
    not_safe_reply,
    parse_safe_payload,
)
from bot.safety.screen import CATEGORIES

VOICES = ("self", "child", "other")


def test_the_help_line_numbers_are_the_published_ones():
    assert (HELPLINES["113"].short, HELPLINES["113"].phone, HELPLINES["113"].chat) == ("113", "0800-0113", "113.nl")
    assert HELPLINES["kindertelefoon"].phone == "0800-0432"
    assert HELPLINES["kindertelefoon"].chat == "kindertelefoon.nl"
    assert HELPLINES["veilig_thuis"].phone == "0800-2000"
    assert HELPLINES["csg"].phone == "0800-0188"
    assert HELPLINES["police"].phone == "0900-8844"
    assert HELPLINES["112"].short == "112"


def test_every_08_and_09_number_also_has_its_tappable_international_form():
    for line in HELPLINES.values():
        if line.phone:
            assert line.international == international_form(line.phone)
            assert re.fullmatch(r"\+31 [89]00 \d{4}", line.international)


def test_every_category_has_a_card_in_both_voices():
    assert {category for category, _ in CARD} == set(CATEGORIES)
    assert {voice for _, voice in CARD} == {"self", "worried"}


@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize("voice", VOICES)
def test_each_card_names_112_and_its_lines(category, voice):
    text = crisis_replies(category, "nl", voice)[0].text
    assert "112" in text
    lines = CATEGORY_LINES[category] if voice == "self" else ("112",)
    for key in lines:
        if key == "huisartsenpost":
            assert "huisartsenpost" in text
            continue
        line = HELPLINES[key]
        if key == "kindertelefoon" and voice != "self":
            continue
        for part in (line.short, line.phone, line.international):
            assert part in text, (category, voice, part)


@pytest.mark.parametrize("category, voice, expected", [
    ("suicide", "self", ["bel 24/7 gratis en anoniem 113 of chat op 113.nl", "0800-0113"]),
    ("suicide", "child", ["Bel nu 112 en blijf bij je kind", "113"]),
    ("sexual_abuse", "self", ["Centrum Seksueel Geweld", "0800-0188", "dag en nacht", "0800-2000"]),
    ("sexual_abuse", "child", ["Centrum Seksueel Geweld", "0800-0188"]),
    ("violence_home", "self", ["Veilig Thuis", "0800-2000", "niet jouw schuld"]),
    ("violence_home", "child", ["Veilig Thuis", "Bel nu 112 en blijf bij je kind"]),
    ("medical_danger", "child", ["Bel nu 112 en blijf bij je kind", "Heeft iemand iets ingenomen?"]),
    ("missing_runaway", "child", ["112", "0900-8844", "ook 's nachts"]),
    ("exploitation_coercion", "self", ["Veilig Thuis", "uithuwelijken"]),
])
def test_card_texts(category, voice, expected):
    text = crisis_replies(category, "nl", voice)[0].text
    for part in expected:
        assert part in text, part


def test_medical_danger_puts_112_first():
    assert crisis_replies("medical_danger", "nl", "self")[0].text.startswith("Bel nu 112.")


@pytest.mark.parametrize("category", CATEGORIES)
def test_the_kindertelefoon_is_never_called_day_and_night(category):
    for voice in VOICES:
        for line in crisis_replies(category, "nl", voice)[0].text.splitlines():
            if "Kindertelefoon" in line:
                assert "11:00 tot 21:00" in line and "8 en 18" in line
                assert "dag en nacht" not in line.lower()


@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize("voice", VOICES)
def test_every_crisis_answer_asks_if_someone_is_safe_says_when_staff_read_and_promises_no_secrecy(category, voice):
    first, second = crisis_replies(category, "nl", voice)
    assert first.kind == second.kind == "crisis"
    assert len(first.text) < 600, "short: it is read on a phone in a bad moment"
    assert second.buttons[0].payload == "/affirm_safe"
    assert parse_safe_payload(second.buttons[1].payload) == (category, voice)
    assert second.text.endswith("veilig?")
    assert "automatische assistent" in second.text and "niet 's nachts of in het weekend" in second.text
    assert "Wacht dus niet op hen" in second.text
    for reply in (first, second):
        assert not re.search(r"geheim|blijft tussen ons|niemand leest|vertrouwelijk", reply.text, re.I)


def test_the_parent_is_asked_about_the_child_and_the_friend_about_the_other():
    assert "Is je kind nu veilig?" in crisis_replies("suicide", "nl", "child")[1].text
    assert "Is hij of zij nu veilig?" in crisis_replies("suicide", "nl", "other")[1].text
    assert "Ben je nu veilig?" in crisis_replies("suicide", "nl", "self")[1].text


def test_an_unknown_category_still_gets_the_113_card():
    assert "0800-0113" in crisis_replies("something-new", "nl")[0].text


@pytest.mark.parametrize("language", CARD_LANGUAGES)
@pytest.mark.parametrize("category", CATEGORIES)
def test_the_card_is_translated_into_every_card_language_with_the_same_numbers(language, category):
    for voice in VOICES:
        dutch = crisis_replies(category, "nl", voice)
        other = crisis_replies(category, language, voice)
        assert other[0].text != dutch[0].text and other[1].text != dutch[1].text
        numbers = set(re.findall(r"\+?\d[\d -]{2,}\d|\b11[23]\b", dutch[0].text))
        for number in numbers:
            assert number in other[0].text, (language, category, voice, number)
        # The same answers, each card naming its own language (its "no" is answered in it).
        assert [b.payload.replace(f'"lang":"{language}"', '"lang":"nl"') for b in other[1].buttons] == [
            b.payload for b in dutch[1].buttons]


def test_english_is_said_only_where_it_is_true():
    for language in CARD_LANGUAGES:
        text = crisis_replies("suicide", language)[0].text
        assert "112" in text
    english = crisis_replies("sexual_abuse", "en")[0].text
    assert "At 112 you can speak English." in english
    assert "113" not in english.split("At 112")[1]


def test_card_texts_are_catalog_msgids_with_placeholders_not_numbers():
    for msgid in CARD_MSGIDS:
        assert "0800" not in msgid and "+31" not in msgid and "0900" not in msgid


@pytest.mark.parametrize("category, voice, question", [
    ("suicide", "self", "denk je aan zelfdoding?"),
    ("suicide", "child", "denkt je kind aan zelfdoding"),
    ("violence_home", "other", "is iemand nu in gevaar?"),
    ("violence_home", "child", "is je kind nu in gevaar?"),
])
def test_the_check_in_asks_directly_with_112_and_113_in_the_same_message(category, voice, question):
    reply = check_in_reply("nl", category, voice, buttons=True)
    assert question in reply.text
    assert "112" in reply.text and "113" in reply.text and "113.nl" in reply.text
    assert [b.payload for b in reply.buttons] == ["/affirm_risk", "/deny_risk"]
    assert check_in_reply("nl", category, voice).buttons == ()


@pytest.mark.parametrize("category, voice, expected", [
    ("violence_home", "self", ["Bel nu 112.", "Veilig Thuis", "0800-2000"]),
    ("suicide", "self", ["Bel nu 112.", "113", "113.nl"]),
    ("sexual_abuse", "self", ["Bel nu 112.", "0800-0188"]),
    ("medical_danger", "child", ["Bel nu 112 en blijf bij je kind.", "Zeg wat en hoeveel"]),
])
def test_not_safe_gets_112_first_and_the_line_for_its_category(category, voice, expected):
    reply = not_safe_reply("nl", category, voice)
    assert reply.text.startswith(expected[0])
    for part in expected[1:]:
        assert part in reply.text
    assert "niet 's nachts of in het weekend" in reply.text


def test_a_forged_or_broken_safe_payload_falls_back_to_nothing_special():
    assert parse_safe_payload("/deny_safe") == (None, "self")
    assert parse_safe_payload('/deny_safe{"crisis_category": "x"}') == (None, "self")
    assert parse_safe_payload("/deny_safe{broken") == (None, "self")


def test_the_card_tells_its_language_by_button_and_by_its_text():
    from bot.safety.replies import card_of, safe_payload_language

    for language in ("nl", "en", "tr", "pl", "uk", "ar"):
        for voice in ("self", "child", "other"):
            card = crisis_replies("violence_home", language, voice)
            assert safe_payload_language(card[1].buttons[1].payload) == language
            assert card_of(card[1].text) == (language, voice)
            assert card_of(not_safe_reply(language, "violence_home", voice).text) == (language, voice)
    assert safe_payload_language('/deny_safe{"lang": "xx"}') is None and safe_payload_language("/deny_safe") is None
    assert card_of("De huisartsenpost bij jou in de buurt: Post, bel 088.") is None


def test_an_eating_worry_without_danger_goes_to_the_huisarts_the_same_day():
    assert "vandaag de huisarts" in check_in_reply("nl", "medical_danger", "child").text


def test_the_follow_up_is_gentle_and_carries_the_lines():
    text = check_in_follow_up("nl").text
    assert "niet meteen te antwoorden" in text and "112" in text and "113" in text


def test_the_practice_huisartsenpost_is_formatted_to_be_tapped():
    reply = huisartsenpost_reply("nl", name="Huisartsenpost Utrecht Stad", phone="088-1309670")
    assert "Huisartsenpost Utrecht Stad" in reply.text and "088-1309670 (+31 88 130 9670)" in reply.text
    assert huisartsenpost_reply("nl", name="X", phone="") is None


@pytest.mark.parametrize("phone, expected", [
    ("0800-0113", "+31 800 0113"),
    ("0900-3336333", "+31 900 3336333"),
    ("088-1309670", "+31 88 130 9670"),
    ("+31 20 123 4567", "+31 20 123 4567"),
    ("112", ""),
])
def test_international_form(phone, expected):
    assert international_form(phone) == expected


def test_phone_text_leaves_short_numbers_alone():
    assert phone_text("112") == "112"


def test_the_apology_when_something_is_down_carries_the_help_lines():
    text = unavailable("nl").text
    assert "Probeer het zo nog eens" in text
    for part in ("113", "0800-0113 (+31 800 0113)", "112", "0800-2000", "0800-0432"):
        assert part in text


def test_the_eating_line_comes_with_a_check_in_about_eating_not_with_one_about_a_swallowed_product():
    from bot.safety.replies import check_in_reply

    line = "Maak je je zorgen over eten of gewicht"
    assert line in check_in_reply("nl", "medical_danger", "child", text="ze eet bijna niks meer en valt flauw").text
    assert line in check_in_reply("nl", "medical_danger", "self", text="i barely eat and my weight keeps dropping").text
    swallowed = check_in_reply("nl", "medical_danger", "child", text="hij heeft een wasmiddelcapsule in zijn mond gehad")
    assert line not in swallowed.text and "112" in swallowed.text
