"""``enlace retract``: an agency withdraws a source record it published, as a ``record_retraction`` event.

The event goes to the agency's topic keyed ``agency:source_record_id`` like every other version of
that source record, so it lands on the same partition after them. Its ``source_version`` must be
higher than the version it withdraws; the caller gives it, because the envelope's ``source_version``
is an Avro ``int`` (32-bit) and a millisecond clock does not fit in it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from producers.events import build_event

if TYPE_CHECKING:
    from deploy.settings import Settings
    from producers.client import AgencyProducer

EVENT_TYPE = "record_retraction"


def build_retraction(*, agency: str, source_record_id: str, reason: str, source_version: int,
                     reported_at: Any = None, event_id: str | None = None, handling: str = "RESTRICTED",
                     releasable_to: Iterable[str] | None = None) -> dict[str, Any]:
    """A valid retraction event of ``agency``'s ``source_record_id`` (no records; times default to now)."""
    return build_event(agency=agency, event_type=EVENT_TYPE, source_record_id=source_record_id, records=[],
                       context={"reason": reason}, source_version=source_version, reported_at=reported_at,
                       event_id=event_id, handling=handling, releasable_to=releasable_to)


def publish_retraction(settings: Settings, *, producer: AgencyProducer | None = None, timeout: float = 30.0,
                       **fields: Any) -> dict[str, Any]:
    """Build a retraction from ``fields`` (see ``build_retraction``), publish it, wait for delivery; returns the event.

    Raises ``InvalidEvent`` (bad fields) or ``DeliveryError``.
    """
    from producers.admin import agency_topic_specs, ensure_topics
    from producers.client import AgencyProducer

    event = build_retraction(**fields)
    topic = settings.kafka.agency_topic(event["envelope"]["agency"])
    ensure_topics(settings, [spec for spec in agency_topic_specs(settings) if spec.name == topic])
    producer = producer or AgencyProducer(settings)
    producer.publish(event)
    producer.flush(timeout)
    return event
