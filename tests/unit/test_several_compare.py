"""The load run's comparison (tests/support/several.py: compare_replies): the crisis card may
arrive ahead of replies kept while Rasa was away, and nothing else may differ."""

from tests.support.several import ChatTranscript, check_by_message, compare_replies

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


# -- message by message, by the transcript's reply_to link (check_by_message) ---------------------

SCRIPT = ["hoi", "ik ben 16", "ik wil er niet meer zijn", "ja"]
NOTICE = "een moment"
# The quiet run: message index and reply, in the order written.
QUIET_LINES = ChatTranscript(SCRIPT, [(0, "hoi"), (0, "voor wie?\n[Mij] | [Kind]"), (1, "topic?"),
                                      (2, CARD[0]), (2, CARD[1]), (2, "after card"), (3, "bye")])


def test_the_quiet_run_by_message_passes_and_the_notice_is_no_reply():
    assert check_by_message(SCRIPT, QUIET_LINES, QUIET_LINES, IMMEDIATE, {NOTICE}) == []
    with_notice = ChatTranscript(SCRIPT, [(0, NOTICE), *QUIET_LINES.replies])
    assert check_by_message(SCRIPT, QUIET_LINES, with_notice, IMMEDIATE, {NOTICE}) == []


def test_the_card_may_be_written_ahead_of_rasas_replies_to_kept_messages_but_not_behind_later_ones():
    kept = ChatTranscript(SCRIPT, [(0, "hoi"), (2, CARD[0]), (2, CARD[1]), (0, "voor wie?\n[Mij] | [Kind]"),
                                   (1, "topic?"), (2, "after card"), (3, "bye")])
    assert check_by_message(SCRIPT, QUIET_LINES, kept, IMMEDIATE, {NOTICE}) == []
    late = ChatTranscript(SCRIPT, [(0, "hoi"), (0, "voor wie?\n[Mij] | [Kind]"), (1, "topic?"), (3, "bye"),
                                   (2, CARD[0]), (2, CARD[1]), (2, "after card")])
    assert "was written after" in check_by_message(SCRIPT, QUIET_LINES, late, IMMEDIATE, {NOTICE})[0]


def test_rasas_replies_to_two_messages_swapped_fail():
    swapped = ChatTranscript(SCRIPT, [(1, "topic?"), (0, "hoi"), (0, "voor wie?\n[Mij] | [Kind]"),
                                      *QUIET_LINES.replies[3:]])
    assert check_by_message(SCRIPT, QUIET_LINES, swapped, IMMEDIATE, {NOTICE}) == [
        "a reply to message 1 ('hoi') was written after one to message 2 ('topic?')"]


def test_a_reply_under_the_wrong_message_lost_or_twice_is_named_with_its_message():
    moved = ChatTranscript(SCRIPT, [(0, "hoi"), (0, "voor wie?\n[Mij] | [Kind]"), (2, "topic?"),
                                    *QUIET_LINES.replies[3:]])
    problems = check_by_message(SCRIPT, QUIET_LINES, moved, IMMEDIATE, {NOTICE})
    assert problems[0] == "message 2 'ik ben 16': lost ['topic?'], extra []"
    assert problems[1].startswith("message 3 'ik wil er niet meer zijn': lost [], extra ['topic?']")
    twice = ChatTranscript(SCRIPT, [*QUIET_LINES.replies, (3, "bye")])
    assert check_by_message(SCRIPT, QUIET_LINES, twice, IMMEDIATE, {NOTICE}) == [
        "message 4 'ja': lost [], extra ['bye']"]


def test_a_message_stored_twice_or_a_reply_without_its_link_fails():
    stored_twice = ChatTranscript([*SCRIPT[:2], SCRIPT[1], *SCRIPT[2:]], QUIET_LINES.replies)
    assert check_by_message(SCRIPT, QUIET_LINES, stored_twice, IMMEDIATE, {NOTICE}) == [
        "5 messages stored for 4 sent"]
    unlinked = ChatTranscript(SCRIPT, [(None, "hoi"), *QUIET_LINES.replies[1:]])
    problems = check_by_message(SCRIPT, QUIET_LINES, unlinked, IMMEDIATE, {NOTICE})
    assert problems[0] == "1 replies linked to no message: ['hoi']" and problems[1].startswith("message 1")
