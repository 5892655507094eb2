import pytest

from streams.state import Overlay, Prefixed, apply_writes


def test_overlay_buffers_and_copies():
    base = {"a": {"n": [1]}}
    overlay = Overlay(base)
    value = overlay["a"]
    value["n"].append(2)
    assert base == {"a": {"n": [1]}}  # reads are copies
    overlay["b"] = 1
    del overlay["a"]
    assert "a" not in overlay and overlay.get("a") is None and overlay["b"] == 1
    assert sorted(overlay) == ["b"] and len(overlay) == 1
    assert base == {"a": {"n": [1]}}
    overlay["c"] = 3
    del overlay["c"]  # never existed: nothing to delete
    assert overlay.pending() == {"b": 1, "a": None}
    overlay.commit()
    assert base == {"b": 1}
    with pytest.raises(KeyError):
        del overlay["missing"]


def test_prefixed_views_share_one_table():
    table: dict = {}
    records, index = Prefixed(table, "r:"), Prefixed(table, "i:")
    records["x"] = 1
    index["x"] = 2
    assert table == {"r:x": 1, "i:x": 2}
    assert list(records) == ["x"] and len(index) == 1 and "x" in records and "y" not in records
    del records["x"]
    assert table == {"i:x": 2}


def test_apply_writes_is_idempotent():
    base = {"a": 1, "b": 2}
    writes = {"a": None, "c": 3}
    apply_writes(base, writes)
    apply_writes(base, writes)
    assert base == {"b": 2, "c": 3}


def test_overlay_skips_writes_that_change_nothing():
    base = {"a": {"n": [1]}, "b": 2}
    overlay = Overlay(base)
    overlay["a"] = {"n": [1]}
    overlay["b"] = 3
    assert overlay.pending() == {"b": 3}
