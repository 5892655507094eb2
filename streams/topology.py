"""The stream's topics: names from the settings, partitions and cleanup policies, created up front.

Agency topics and the judgements topic are inputs, shared by every generation. Everything derived
(records log, entity documents, redirects, dead letters, changelogs, consumer groups) belongs to one
generation, so ``enlace replay`` can build generation N+1 beside the live one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from deploy.settings import AGENCIES
from streams.resolve.records import KINDS

if TYPE_CHECKING:
    from deploy.settings import Settings
    from producers.admin import TopicSpec

RECORD_PARTITIONS = len(KINDS)
"""The records log has one partition per kind: a kind's entities are resolved by one owner, in log order."""
DEAD_LETTER_PARTITIONS = 1
JUDGEMENT_PARTITIONS = 1
DEDUPE_TABLE = "dedupe"
SNAPSHOT_TABLE = "resolver"
FOREVER = {"retention.ms": "-1", "retention.bytes": "-1"}


def kind_partition(kind: str) -> int:
    """The records-log partition that owns ``kind``."""
    return KINDS.index(kind)


@dataclass(frozen=True, slots=True)
class Topology:
    group: str
    """Faust app id and consumer group of this generation."""
    agency_topics: tuple[str, ...]
    judgements: str
    records: str
    entities: str
    redirects: str
    dead_letters: str
    index_dead_letters: str
    partitions: int
    """Partitions of the agency topics, the dedupe table and the entities topic."""

    @property
    def indexer_group(self) -> str:
        return f"{self.group}-indexer"

    def changelog(self, table: str) -> str:
        """Faust's name for a table's changelog topic."""
        return f"{self.group}-{table}-changelog"


def topology(settings: Settings) -> Topology:
    kafka, stream = settings.kafka, settings.stream
    generation = stream.generation

    def derived(name: str) -> str:
        return kafka.topic(name if generation == 1 else f"{name}.g{generation}")

    return Topology(
        group=stream.app_id if generation == 1 else f"{stream.app_id}-g{generation}",
        agency_topics=tuple(kafka.agency_topic(a) for a in AGENCIES),
        judgements=kafka.topic("judgements"),
        records=derived("records"),
        entities=derived("entities"),
        redirects=derived("entity-redirects"),
        dead_letters=derived("dead-letters"),
        index_dead_letters=derived("index-dead-letters"),
        partitions=kafka.partitions,
    )


def topic_specs(settings: Settings) -> list[TopicSpec]:
    """Every topic the stream reads or writes, changelogs included."""
    from producers.admin import TopicSpec, agency_topic_specs

    t = topology(settings)
    compact = {"cleanup.policy": "compact"}
    return [
        *agency_topic_specs(settings),
        TopicSpec(t.judgements, JUDGEMENT_PARTITIONS, {"cleanup.policy": "delete", **FOREVER}),
        # the records log is the resolvers' source of truth: kept whole, never compacted (order matters)
        TopicSpec(t.records, RECORD_PARTITIONS, {"cleanup.policy": "delete", **FOREVER}),
        TopicSpec(t.entities, t.partitions, compact),
        TopicSpec(t.redirects, t.partitions, compact),
        TopicSpec(t.dead_letters, DEAD_LETTER_PARTITIONS, {"cleanup.policy": "delete"}),
        # Faust would create these itself, but a just-created changelog can show 0 partitions to the
        # worker's metadata and crash the agent (PartitionsMismatch): create them before the worker starts.
        TopicSpec(t.changelog(DEDUPE_TABLE), t.partitions, compact),
        TopicSpec(t.changelog(SNAPSHOT_TABLE), RECORD_PARTITIONS, compact),
    ]


def ensure_topology(settings: Settings) -> None:
    """Create the stream's topics that are missing (idempotent)."""
    from producers.admin import ensure_topics

    ensure_topics(settings, topic_specs(settings))
