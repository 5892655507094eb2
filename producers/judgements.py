"""``enlace judge``: an analyst's judgement built, validated and published on the judgements topic.

Messages are keyed by ``judgement_id`` on a one-partition topic, so judgements apply in the
order they were made; the value is ``schemas.judgements.encode_judgement``'s single-object bytes.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from schemas.errors import InvalidEvent
from schemas.judgements import encode_judgement, validate_judgement
from schemas.times import to_utc
from streams.resolve.records import PREFIX

if TYPE_CHECKING:
    from deploy.settings import Settings
    from producers.client import AgencyProducer

KIND_OF_PREFIX: dict[str, str] = {prefix: kind for kind, prefix in PREFIX.items()}
"""Entity-id prefix (``per``, ``veh``, ``gun``) -> record kind."""


def _fail(msg: str, loc: list[Any]) -> InvalidEvent:
    return InvalidEvent(msg, errors=[{"loc": loc, "msg": msg, "type": "semantic"}])


def entity_kind(ref: str) -> str | None:
    """The kind an entity id names by its prefix (``per-...`` -> person); None for a record key or unknown prefix."""
    if "/" in ref:
        return None
    return KIND_OF_PREFIX.get(ref.partition("-")[0])


def judged_kind(left: str, right: str, kind: str | None = None) -> str:
    """``kind``, or the kind the entity ids among ``left``/``right`` name; ``InvalidEvent`` when unknown or contradictory."""
    named = {side: k for side, ref in (("left", left), ("right", right)) if (k := entity_kind(ref.strip()))}
    if kind is not None and kind not in PREFIX:
        raise _fail(f"unknown kind {kind!r}; one of {', '.join(PREFIX)}", ["kind"])
    if kind is None:
        if not named:
            raise _fail("cannot tell the kind: give --kind (person, vehicle or firearm) when neither side is an "
                        f"entity id ({', '.join(f'{p}-...' for p in KIND_OF_PREFIX)})", ["kind"])
        kind = next(iter(named.values()))
    for side, found in named.items():
        if found != kind:
            raise _fail(f"{side} is a {found} entity id but the judgement is about a {kind}", [side])
    return kind


def build_judgement(*, left: str, right: str, verdict: str, who: str, why: str = "", kind: str | None = None,
                    at: Any = None, judgement_id: str | None = None) -> dict[str, Any]:
    """A valid judgement dict (id: a new uuid4, ``at``: now, ``kind`` inferred from entity ids); ``InvalidEvent`` if not."""
    judgement = {
        "judgement_id": judgement_id or str(uuid.uuid4()),
        "kind": judged_kind(left, right, kind),
        "left": left,
        "right": right,
        "verdict": verdict,
        "who": who,
        "why": why,
        "at": to_utc(at if at is not None else datetime.now(timezone.utc)),
    }
    return validate_judgement(judgement).model_dump()


def publish_judgement(settings: Settings, *, producer: AgencyProducer | None = None, timeout: float = 30.0,
                      **fields: Any) -> dict[str, Any]:
    """Build a judgement from ``fields`` (see ``build_judgement``), publish it, wait for delivery; returns it.

    Creates the judgements topic if missing. Raises ``InvalidEvent`` (bad fields) or ``DeliveryError``.
    """
    from producers.admin import ensure_topics, judgements_topic_spec
    from producers.client import AgencyProducer

    judgement = build_judgement(**fields)
    spec = judgements_topic_spec(settings)
    ensure_topics(settings, [spec])
    producer = producer or AgencyProducer(settings)
    producer.publish_raw(spec.name, judgement["judgement_id"], encode_judgement(judgement))
    producer.flush(timeout)
    return judgement

