"""The crisis replies: the right numbers per category, tappable forms, warm and honest texts."""

import re

import pytest

from bot.replies import unavailable
from bot.safety.helplines import CATEGORY_LINES, HELPLINES, international_form, phone_text
from bot.safety.replies import CRISIS_TEXT, check_in_reply, crisis_replies, huisartsenpost_reply
from bot.safety.screen import CATEGORIES


def test_the_help_line_numbers_are_the_published_ones():
    assert (HELPLINES["113"].short, HELPLINES["113"].phone, HELPLINES["113"].chat) == ("113", "0800-0113", "113.nl")
    assert HELPLINES["kindertelefoon"].phone == "0800-0432"
    assert HELPLINES["kindertelefoon"].chat == "kindertelefoon.nl"
    assert HELPLINES["veilig_thuis"].phone == "0800-2000"
    assert HELPLINES["112"].short == "112"


def test_every_0800_number_also_has_its_tappable_international_form():
    for line in HELPLINES.values():
        if line.phone:
            assert line.international == international_form(line.phone)
            assert re.fullmatch(r"\+31 800 \d{4}", line.international)


@pytest.mark.parametrize("category", CATEGORIES)
def test_each_category_reply_names_its_lines(category):
    text = crisis_replies(category, "nl")[0].text
    for key in CATEGORY_LINES[category]:
        if key == "huisartsenpost":
            assert "huisartsenpost" in text
            continue
        line = HELPLINES[key]
        for part in (line.short, line.phone, line.international, line.chat):
            assert part in text, (category, part)


@pytest.mark.parametrize("category, expected", [
    ("suicide", ["113", "0800-0113", "+31 800 0113", "113.nl", "Bel 112", "Dag en nacht, gratis en anoniem"]),
    ("self_harm", ["0800-0113", "0800-0432", "+31 800 0432", "jonger dan 18", "112"]),
    ("abuse", ["Veilig Thuis", "0800-2000", "+31 800 2000", "0800-0432", "112", "niet jouw schuld"]),
    ("emergency", ["Bel nu 112", "huisartsenpost"]),
    ("parent_worry", ["je kind", "0800-0113", "112", "0800-2000", "ook voor ouders"]),
])
def test_reply_texts(category, expected):
    text = crisis_replies(category, "nl")[0].text
    for part in expected:
        assert part in text, part


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_crisis_answer_asks_if_the_person_is_safe_offers_to_talk_and_promises_no_secrecy(category):
    first, second = crisis_replies(category, "nl")
    assert first.kind == second.kind == "crisis"
    assert len(first.text) < 450, "short: it is read on a phone in a bad moment"
    assert [b.payload for b in second.buttons] == ["/affirm_safe", "/deny_safe"]
    assert second.text.endswith("veilig?")
    assert "verder praten" in second.text
    assert "automatische assistent" in second.text and "Medewerkers van de praktijk lezen" in second.text
    for reply in (first, second):
        assert not re.search(r"geheim|blijft tussen ons|niemand leest|vertrouwelijk", reply.text, re.I)


def test_the_parent_variant_asks_about_the_child():
    second = crisis_replies("parent_worry", "nl")[1]
    assert "Is je kind nu veilig?" in second.text
    assert "Ben je nu veilig?" not in second.text


def test_an_unknown_category_still_gets_the_113_reply():
    assert "0800-0113" in crisis_replies("something-new", "nl")[0].text


def test_texts_are_catalog_msgids_with_placeholders_not_numbers():
    for msgid in CRISIS_TEXT.values():
        assert "0800" not in msgid and "+31" not in msgid
    # another language falls back to the Dutch source until translated, with the numbers filled in
    assert "0800-0113" in crisis_replies("suicide", "en")[0].text


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


def test_check_in_is_gentle_and_names_113():
    reply = check_in_reply("nl")
    assert reply.kind == "notice" and "hoe gaat het nu echt met je" in reply.text and "0800-0113" in reply.text


def test_the_apology_when_something_is_down_carries_the_help_lines():
    text = unavailable("nl").text
    assert "Probeer het zo nog eens" in text
    for part in ("113", "0800-0113 (+31 800 0113)", "112", "0800-2000", "0800-0432"):
        assert part in text
