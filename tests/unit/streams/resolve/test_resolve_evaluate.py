"""Clustering metrics and ceilings."""

from __future__ import annotations

import pytest

from streams.resolve.evaluate import ceiling, score_clustering

CASES = [
    ("perfect", {"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "x", "c": "y"}, 1.0, 1.0, 1.0),
    ("all split", {"a": "1", "b": "2", "c": "3"}, {"a": "x", "b": "x", "c": "y"}, 1.0, 0.0, 0.0),
    ("over-merged", {"a": "1", "b": "1", "c": "1"}, {"a": "x", "b": "x", "c": "y"}, 1 / 3, 1.0, 0.5),
]


@pytest.mark.parametrize("name, predicted, truth, p, r, f1", CASES, ids=[c[0] for c in CASES])
def test_pairwise_scores(name: str, predicted: dict[str, str], truth: dict[str, str], p: float, r: float, f1: float) -> None:
    s = score_clustering(predicted, truth)
    assert s.precision == pytest.approx(p) and s.recall == pytest.approx(r) and s.f1 == pytest.approx(f1)
    assert 0.0 <= s.bcubed_f1 <= 1.0


def test_ceiling_leaves_unresolvable_records_single() -> None:
    records = [
        {"record_id": "1", "kind": "firearm", "serial_number": "AB1234"},
        {"record_id": "2", "kind": "firearm", "serial_number": "AB1234"},
        {"record_id": "3", "kind": "firearm", "serial_number": "??1???"},
        {"record_id": "4", "kind": "vehicle", "plate": None, "vin": None},
        {"record_id": "5", "kind": "vehicle", "plate": "C-1", "vin": None},
    ]
    truth = {"1": "g", "2": "g", "3": "g", "4": "v", "5": "v"}
    s = ceiling(records, truth)
    assert s.precision == 1.0 and s.recall == pytest.approx(1 / 4)
