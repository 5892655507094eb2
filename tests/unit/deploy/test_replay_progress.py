"""The replay's pure parts: generation settings, catch-up targets from lag rows, a generation's own topics."""

from __future__ import annotations

from pathlib import Path

from deploy.lag import PartitionLag
from deploy.replay import behind, beside, ends, generation_topics, with_generation
from deploy.settings import KafkaSettings, Settings, StreamSettings


def row(topic: str, partition: int, committed: int | None, end: int, low: int = 0) -> PartitionLag:
    """A lag row as ``deploy.lag.group_lag`` builds it."""
    start = committed if committed is not None else low
    return PartitionLag("g", topic, partition, committed, end, max(end - start, 0))


def test_targets_are_the_end_offsets_when_the_replay_starts() -> None:
    assert ends([row("a", 0, None, 5), row("a", 1, None, 0), row("j", 0, 2, 7)]) == {("a", 0): 5, ("a", 1): 0, ("j", 0): 7}


def test_behind_counts_what_is_not_committed_up_to_the_targets() -> None:
    targets = {("a", 0): 5, ("a", 1): 0, ("j", 0): 3}
    assert behind([row("a", 0, None, 5), row("a", 1, None, 0), row("j", 0, None, 3)], targets) == 8
    assert behind([row("a", 0, 4, 9), row("a", 1, None, 0), row("j", 0, 3, 3)], targets) == 1
    # Input that arrived after the replay started does not hold the swap back.
    assert behind([row("a", 0, 5, 900), row("a", 1, 0, 40), row("j", 0, 3, 3)], targets) == 0


def test_a_partition_emptied_by_retention_is_caught_up_without_a_commit() -> None:
    assert behind([row("a", 0, None, 5, low=5)], {("a", 0): 5}) == 0


def test_a_partition_missing_from_the_rows_counts_whole() -> None:
    assert behind([], {("a", 0): 4}) == 4


def test_generation_settings_keep_everything_else() -> None:
    base = Settings(stream=StreamSettings(app_id="x-fusion", generation=1, data_dir=Path("/d/worker")))
    g3 = with_generation(base, 3)
    assert (g3.stream.generation, g3.stream.app_id, g3.kafka) == (3, "x-fusion", base.kafka)
    side = beside(g3)
    assert side.stream.data_dir == Path("/d/worker-g3")
    assert side.stream.web_port != base.stream.web_port and side.stream.generation == 3


def test_a_generations_topics_exclude_inputs_and_other_generations() -> None:
    base = Settings(kafka=KafkaSettings(topic_prefix="t."), stream=StreamSettings(app_id="t-fusion"))
    existing = [
        "t.agency.police", "t.judgements",
        "t.records", "t.entities", "t.entity-redirects", "t.dead-letters", "t.index-dead-letters",
        "t-fusion-dedupe-changelog", "t-fusion-resolver-changelog", "t-fusion-__assignor-__leader",
        "t.records.g2", "t.entities.g2", "t-fusion-g2-dedupe-changelog", "t-fusion-g2-__assignor-__leader",
        "t-fusion-g21-dedupe-changelog",
    ]
    assert generation_topics(base, existing) == [
        "t-fusion-__assignor-__leader", "t-fusion-dedupe-changelog", "t-fusion-resolver-changelog",
        "t.dead-letters", "t.entities", "t.entity-redirects", "t.index-dead-letters", "t.records",
    ]
    assert generation_topics(with_generation(base, 2), existing) == [
        "t-fusion-g2-__assignor-__leader", "t-fusion-g2-dedupe-changelog", "t.entities.g2", "t.records.g2",
    ]
