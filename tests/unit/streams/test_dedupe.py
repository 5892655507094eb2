import pytest

from streams.dedupe import RECENT_EVENT_IDS, Decision, decide, remember

AT = ("t.agency.police", 2, 10)


@pytest.mark.parametrize(
    ("seen", "event_id", "version", "position", "expected"),
    [
        (None, "e1", 1, AT, Decision.FORWARD),
        ({}, "e1", 1, AT, Decision.FORWARD),
        ({"version": 1, "event_ids": ["e1"], "at": ["t.agency.police", 2, 5]}, "e1", 1, AT, Decision.DUPLICATE_EVENT),
        ({"version": 1, "event_ids": ["e1"], "at": ["t.agency.police", 2, 5]}, "e2", 1, AT, Decision.STALE_VERSION),
        ({"version": 3, "event_ids": ["e3"], "at": ["t.agency.police", 2, 5]}, "e2", 2, AT, Decision.STALE_VERSION),
        ({"version": 1, "event_ids": ["e1"], "at": ["t.agency.police", 2, 5]}, "e2", 2, AT, Decision.FORWARD),
        # the very message that set the memory, re-read after a crash: forward again
        ({"version": 1, "event_ids": ["e1"], "at": list(AT)}, "e1", 1, AT, Decision.REPLAY),
        # same offset on another partition is a different message
        ({"version": 1, "event_ids": ["e1"], "at": ["t.agency.police", 3, 10]}, "e1", 1, AT, Decision.DUPLICATE_EVENT),
    ],
)
def test_decide(seen, event_id, version, position, expected):
    assert decide(seen, event_id, version, position) is expected


def test_forwards_only_new_and_replayed():
    assert [d for d in Decision if d.forwards] == [Decision.FORWARD, Decision.REPLAY]


def test_remember_keeps_newest_version_and_recent_ids_without_mutating():
    seen = {"version": 4, "event_ids": ["a"], "at": ["x", 0, 1]}
    after = remember(seen, "b", 2, AT)
    assert after == {"version": 4, "event_ids": ["a", "b"], "at": list(AT), "records": []}
    assert seen == {"version": 4, "event_ids": ["a"], "at": ["x", 0, 1]}


def test_remember_bounds_event_ids():
    seen = None
    for n in range(RECENT_EVENT_IDS + 5):
        seen = remember(seen, f"e{n}", n + 1, AT)
    assert len(seen["event_ids"]) == RECENT_EVENT_IDS
    assert seen["event_ids"][-1] == f"e{RECENT_EVENT_IDS + 4}"
