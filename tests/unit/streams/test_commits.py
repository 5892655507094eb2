"""Commits of the agency and judgements topics stop at the agents' watermark, whatever Faust's own arithmetic says."""

import faust
from faust.types import TP

from streams import commits
from streams.agents import Gaps, Watermark


def consumer(name: str):
    return faust.App(name, store="memory://", web_enabled=False).consumer


def acknowledge(c, tp, *offsets):
    c._acked[tp].extend(offsets)
    c._acked_index[tp].update(offsets)


def test_faust_alone_commits_past_messages_nobody_handled():
    """The two shortcuts the gate exists for (if Faust fixes them, this test says so)."""
    c = consumer("t-commit-faust")
    fresh, committed = TP("police", 3), TP("police", 4)
    acknowledge(c, fresh, 2, 3)  # never committed; offsets 0 and 1 were dropped, never handled
    assert c._new_offset(fresh) == 4
    c._committed_offset[committed] = 5
    acknowledge(c, committed, 6, 7)  # offset 5 never handled
    assert c._new_offset(committed) == 8


def test_a_gated_partition_commits_only_up_to_the_watermark():
    c = consumer("t-commit-gated")
    marks = {("police", 3): 2}
    commits.gate(c.app, ["police"], lambda topic, partition: marks.get((topic, partition)))
    tp = TP("police", 3)
    acknowledge(c, tp, 2, 3)
    assert c._new_offset(tp) == 2  # offsets 0 and 1 handled, 2 and 3 acknowledged but not yet covered
    assert c._acked[tp] == [2, 3]
    marks[("police", 3)] = 4
    assert c._new_offset(tp) == 4
    assert c._acked[tp] == [] and not c._acked_index[tp]


def test_a_gated_partition_with_nothing_handled_commits_nothing():
    c = consumer("t-commit-nothing")
    commits.gate(c.app, ["police"], lambda topic, partition: None)
    tp = TP("police", 0)
    acknowledge(c, tp, 0, 1)
    assert c._new_offset(tp) is None


def test_other_topics_keep_faust_arithmetic():
    c = consumer("t-commit-other")
    commits.gate(c.app, ["police"], lambda topic, partition: 0)
    tp = TP("records", 0)
    acknowledge(c, tp, 0, 1, 2)
    assert c._new_offset(tp) == 3


def test_gated_offset_never_goes_back():
    acked, index = [7, 8], {7, 8}
    assert commits.gated_offset(acked, index, committed=9, upto=9) is None
    assert acked == [] and index == set()
    assert commits.gated_offset([], set(), committed=None, upto=None) is None


def test_watermark_advances_only_over_contiguous_offsets():
    mark = Watermark(5)
    mark.done(7)
    mark.done(4)  # below: already covered
    assert mark.next == 5
    mark.done(5)
    assert mark.next == 6
    mark.done(6)
    assert mark.next == 8 and not mark.ahead


def test_a_message_handled_after_its_partition_was_revoked_moves_nothing():
    """Otherwise the next assignment would trust a stale position and skip what Faust drops."""
    gaps = Gaps(lambda *a: [], lambda topic, partition: 3)
    gaps.marks[("police", 0)] = Watermark(3)
    gaps.done("police", 0, 3, "ingest")
    gaps.forget([("police", 0)])
    gaps.done("police", 0, 4, "ingest")  # in flight when the partition was revoked
    assert gaps.watermark("police", 0) is None
    assert ("police", 0) not in gaps.progress.next
    assert gaps.start("police", 0, 9) == 3  # from the group's commit again
