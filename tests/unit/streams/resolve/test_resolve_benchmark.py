"""The benchmark's measurements: quality against ceilings, and the resolver's memory as traced."""

from __future__ import annotations

from producers.simulator import generate_dataset
from streams.resolve.benchmark import run_once, traced_state_mb


def test_run_once_scores_each_kind_against_its_ceiling() -> None:
    data = generate_dataset(600, seed=3)
    out = run_once(data.records, data.truth)
    assert set(out["kinds"]) == {"person", "vehicle", "firearm"}
    for scores in out["kinds"].values():
        assert 0.5 < scores["f1"] <= scores["ceiling_f1"] + 1e-9
    assert out["comparisons"] > 0 and out["records_per_cpu_second"] > 0


def test_traced_state_grows_with_the_records_held() -> None:
    data = generate_dataset(1200, seed=4)
    small, large = traced_state_mb(data.records[:300]), traced_state_mb(data.records)
    assert 0 < small < large
