"""The stream's topics: names from the settings, partitions and cleanup policies, created up front."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from deploy.settings import AGENCIES

if TYPE_CHECKING:
    from deploy.settings import Settings
    from producers.admin import TopicSpec

FUSION_PARTITIONS = 1
"""The fusion topic (and the fusion state table) has ONE partition for now: fusion state is global."""
DEAD_LETTER_PARTITIONS = 1
DEDUPE_TABLE = "dedupe"
FUSION_TABLE = "fusion"


@dataclass(frozen=True, slots=True)
class Topology:
    agency_topics: tuple[str, ...]
    fusion: str
    entities: str
    redirects: str
    dead_letters: str
    partitions: int
    """Partitions of the agency topics, the dedupe table and the entities topic."""


def topology(settings: Settings) -> Topology:
    kafka = settings.kafka
    return Topology(
        agency_topics=tuple(kafka.agency_topic(a) for a in AGENCIES),
        fusion=kafka.topic("fusion"),
        entities=kafka.topic("entities"),
        redirects=kafka.topic("entity-redirects"),
        dead_letters=kafka.topic("dead-letters"),
        partitions=kafka.partitions,
    )


def topic_specs(settings: Settings) -> list[TopicSpec]:
    """Every topic the stream reads or writes (Faust creates its own changelog topics)."""
    from producers.admin import TopicSpec, agency_topic_specs

    t = topology(settings)
    compact = {"cleanup.policy": "compact"}
    return [
        *agency_topic_specs(settings),
        TopicSpec(t.fusion, FUSION_PARTITIONS, {"cleanup.policy": "delete"}),
        TopicSpec(t.entities, t.partitions, compact),
        TopicSpec(t.redirects, t.partitions, compact),
        TopicSpec(t.dead_letters, DEAD_LETTER_PARTITIONS, {"cleanup.policy": "delete"}),
        # Faust would create these itself, but a just-created changelog can show 0 partitions to the
        # worker's metadata and crash the agent (PartitionsMismatch): create them before the worker starts.
        TopicSpec(changelog_topic(settings, DEDUPE_TABLE), t.partitions, compact),
        TopicSpec(changelog_topic(settings, FUSION_TABLE), FUSION_PARTITIONS, compact),
    ]


def changelog_topic(settings: Settings, table: str) -> str:
    """Faust's name for a table's changelog topic."""
    return f"{settings.stream.app_id}-{table}-changelog"


def ensure_topology(settings: Settings) -> None:
    """Create the stream's topics that are missing (idempotent)."""
    from producers.admin import ensure_topics

    ensure_topics(settings, topic_specs(settings))
