"""The event stream of the simulated world: interleaved cross-agency stories, with ground truth per event.

``simulate_events(n, seed)`` yields ``SimEvent``s in reporting order: the event
dict (built by ``producers.events.build_event``) and, for every record it
carries, the true entity behind it (keyed ``f"{agency}/{record_id}"``, the
record's global key).
"""

from __future__ import annotations

import heapq
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Any

from producers.simulator.agencies import PROFILES, corrected
from producers.simulator.dataset import draw_quota
from producers.simulator.observe import observe
from producers.simulator.stories import Numbers, Picker, Report, incident_story
from producers.simulator.world import World, build_world

EPOCH = datetime(2025, 6, 1, tzinfo=timezone.utc)
STORY_GAP_MINUTES = 20.0
"""Mean time between new incidents (exponential)."""
CORRECTION_RATE = 0.04
"""Share of reports re-issued later as a corrected version (source_version + 1)."""
HANDLING: dict[str, tuple[tuple[str, float], ...]] = {
    "police": (("RESTRICTED", 0.85), ("CONFIDENTIAL", 0.15)),
    "forensics": (("RESTRICTED", 1.0),),
    "prosecutions": (("CONFIDENTIAL", 0.8), ("SECRET", 0.2)),
    "immigration": (("RESTRICTED", 0.9), ("UNCLASSIFIED", 0.1)),
    "customs": (("RESTRICTED", 0.7), ("UNCLASSIFIED", 0.3)),
    "licensing": (("UNCLASSIFIED", 0.6), ("RESTRICTED", 0.4)),
    "partners": (("RESTRICTED", 0.7), ("CONFIDENTIAL", 0.3)),
}
"""Each agency's handling caveats and how often it uses them."""
RELEASABLE: dict[str, tuple[str, ...]] = {
    "CONFIDENTIAL": ("police", "prosecutions"),
    "SECRET": ("prosecutions",),
}
"""Higher caveats narrow who may see an event (the reporting agency always may)."""


@dataclass(frozen=True, slots=True)
class SimEvent:
    """An agency event and the true entity of each record in it."""

    event: dict[str, Any]
    truth: dict[str, str]  # record key "agency/record_id" -> true entity id
    story: str
    noise: dict[str, list[str]] = field(default_factory=dict)


def record_id(report: Report, kind: str, index: int) -> str:
    """The id of the ``index``-th record of ``kind`` in a report (the contract's deterministic form)."""
    if report.event_type == "entity_report":
        return f"{report.source_record_id}-{kind[0]}{index}"
    return f"{report.source_record_id}#{kind[0]}{index}"


def _observe(report: Report, rng: random.Random) -> tuple[list[dict[str, Any]], dict[str, str], dict[str, list[str]]]:
    profile = PROFILES[report.agency] if report.source_version == 1 else corrected(PROFILES[report.agency])
    records: list[dict[str, Any]] = []
    truth: dict[str, str] = {}
    noise: dict[str, list[str]] = {}
    per_kind: dict[str, int] = {}
    for entity, role in report.members:
        record, tags = observe(entity, profile, rng)
        kind = record["kind"]
        index = per_kind.get(kind, 0)
        per_kind[kind] = index + 1
        rid = record_id(report, kind, index)
        source = str(report.context.get("partner_system") or report.agency)
        records.append({"record_id": rid, "source": source, **record, **({"role": role} if role else {})})
        truth[f"{source}/{rid}"] = entity.entity_id
        noise[rid] = tags
    for rel, i, j in report.links:
        records[i].setdefault("links", []).append({"rel": rel, "to": records[j]["record_id"]})
    return records, truth, noise


def to_sim_event(report: Report, rng: random.Random) -> SimEvent:
    """Observe a report's entities through its agency's eyes and build the event."""
    from producers.events import build_event

    records, truth, noise = _observe(report, rng)
    levels = HANDLING[report.agency]
    handling = rng.choices([h for h, _ in levels], [w for _, w in levels])[0]
    narrowed = RELEASABLE.get(handling)
    releasable = None if narrowed is None else sorted({report.agency, *narrowed})
    event = build_event(
        agency=report.agency, event_type=report.event_type, source_record_id=report.source_record_id,
        records=records, context=report.context, occurred_at=report.occurred_at, reported_at=report.reported_at,
        source_version=report.source_version, event_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        handling=handling, releasable_to=releasable,
    )
    return SimEvent(event, truth, report.story, noise)


def simulated_world(n_events: int, seed: int = 0) -> tuple[random.Random, World]:
    """The random generator and the true world ``simulate_events(n_events, seed)`` observes (labels for search tests)."""
    rng = random.Random(seed)
    n_persons = max(40, n_events // 3)
    world = build_world(n_persons, max(10, n_persons // 3), [draw_quota(rng) for _ in range(max(10, n_persons // 4))], rng)
    return rng, world


def simulate_events(n_events: int, seed: int = 0) -> Iterator[SimEvent]:
    """``n_events`` agency events from interleaved stories, in the order agencies report them."""
    rng, world = simulated_world(n_events, seed)
    pick, numbers = Picker(world, rng), Numbers()
    pending: list[tuple[datetime, int, Report]] = []
    seq = 0
    story_no = 0
    next_story = EPOCH
    emitted = 0
    while emitted < n_events:
        # stop opening stories once the queue can fill the stream, so the last stories run to their end
        if not pending or (next_story <= pending[0][0] and emitted + len(pending) < n_events):
            story_no += 1
            for report in incident_story(f"story-{story_no:06d}", next_story, pick, numbers, rng):
                heapq.heappush(pending, (report.reported_at, seq, report))
                seq += 1
                if rng.random() < CORRECTION_RATE:
                    fixed = replace(report, reported_at=report.reported_at + timedelta(hours=rng.uniform(0.5, 72)),
                                    source_version=report.source_version + 1)
                    heapq.heappush(pending, (fixed.reported_at, seq, fixed))
                    seq += 1
            next_story += timedelta(minutes=rng.expovariate(1 / STORY_GAP_MINUTES))
            continue
        _, _, report = heapq.heappop(pending)
        yield to_sim_event(report, rng)
        emitted += 1
