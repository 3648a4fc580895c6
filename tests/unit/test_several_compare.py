"""The load run's comparison (tests/support/several.py: compare_replies): the crisis card may
arrive ahead of replies kept while Rasa was away, and nothing else may differ."""

from tests.support.several import compare_replies

CARD = ("help lines 113", "Ben je nu veilig?")
CHECK_IN = "check-in question"
IMMEDIATE = {*CARD, CHECK_IN}
# A quiet run: greeting, role question, two replies to a topic, the card, Rasa's reply after it.
QUIET = ["hoi", "voor wie?", "topic 1", "topic 2", *CARD, "after card", "bye"]


def test_the_quiet_order_passes():
    result = compare_replies(QUIET, list(QUIET), IMMEDIATE)
    assert result.ok and result.lost == result.duplicated == 0 and not result.out_of_order


def test_the_card_may_arrive_ahead_of_replies_kept_for_rasa():
    got = ["hoi", *CARD, "voor wie?", "topic 1", "topic 2", "after card", "bye"]
    assert compare_replies(QUIET, got, IMMEDIATE).ok
    assert compare_replies(QUIET, [*CARD, *[t for t in QUIET if t not in CARD]], IMMEDIATE).ok


def test_a_lost_reply_fails():
    got = [t for t in QUIET if t != "topic 2"]
    result = compare_replies(QUIET, got, IMMEDIATE)
    assert not result.ok and result.lost == 1 and result.duplicated == 0


def test_a_lost_card_fails():
    result = compare_replies(QUIET, [t for t in QUIET if t not in CARD], IMMEDIATE)
    assert not result.ok and result.lost == 2


def test_a_reply_sent_twice_fails():
    result = compare_replies(QUIET, [*QUIET[:3], "topic 1", *QUIET[3:]], IMMEDIATE)
    assert not result.ok and result.duplicated == 1 and result.lost == 0
    twice = compare_replies(QUIET, [*QUIET[:4], *CARD, *QUIET[4:]], IMMEDIATE)
    assert not twice.ok and twice.duplicated == 2


def test_rasa_replies_out_of_order_fail():
    got = ["hoi", "voor wie?", "topic 2", "topic 1", *CARD, "after card", "bye"]
    result = compare_replies(QUIET, got, IMMEDIATE)
    assert not result.ok and result.out_of_order and result.diverges_at == 2


def test_the_card_may_not_arrive_later_than_in_the_quiet_run():
    got = ["hoi", "voor wie?", "topic 1", "topic 2", "after card", *CARD, "bye"]
    result = compare_replies(QUIET, got, IMMEDIATE)
    assert not result.ok and result.out_of_order


def test_the_card_stays_whole_and_in_its_order():
    split = ["hoi", CARD[0], "voor wie?", "topic 1", "topic 2", CARD[1], "after card", "bye"]
    assert not compare_replies(QUIET, split, IMMEDIATE).ok
    swapped = ["hoi", CARD[1], CARD[0], "voor wie?", "topic 1", "topic 2", "after card", "bye"]
    assert not compare_replies(QUIET, swapped, IMMEDIATE).ok


def test_immediate_blocks_keep_their_order_among_themselves():
    quiet = ["hoi", CHECK_IN, "kept", *CARD, "end"]
    assert compare_replies(quiet, ["hoi", CHECK_IN, *CARD, "kept", "end"], IMMEDIATE).ok
    assert not compare_replies(quiet, ["hoi", *CARD, CHECK_IN, "kept", "end"], IMMEDIATE).ok


def test_a_missing_answer_at_the_end_fails():
    result = compare_replies(QUIET, QUIET[:-1], IMMEDIATE)
    assert not result.ok and result.lost == 1
