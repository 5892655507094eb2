"""Need-to-know through the real API: for several viewer agencies, no response holds a value only hidden records hold.

For each viewer the corpus is split, in Python, into the records the viewer may see and those it may
not (``consumers.access.can_see``). A value counts as hidden when only hidden records assert it, no
visible record anywhere asserts it and it is not part of a visible value. Then searches (hits,
totals, facets), exports and profiles (links two hops out, timeline, evidence) of entities that
mix visible and hidden records are scanned for hidden values, hidden record keys and hidden event
ids. Totals and facet counts of browsing queries are checked against counts made in Python.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest

from api_corpus import Corpus, corpus  # noqa: F401 - corpus is a fixture
from consumers.access import Viewer, can_see
from consumers.redaction import redact
from consumers.users import load_users
from streams.resolve.normalize.documents import parse_document
from api_corpus import SAMPLE_USERS

pytestmark = pytest.mark.integration
VIEWERS = ("ana", "ben", "dan", "eva", "pat")
MIN_LENGTH = 5


@dataclass
class Split:
    viewer: Viewer
    hidden_values: set[str]
    hidden_keys: set[str]
    hidden_events: set[str]
    mixed: list[dict[str, Any]]
    hidden_documents: list[str]

    def leaks(self, payload: Any) -> list[str]:
        text = json.dumps(payload, ensure_ascii=False)
        upper = text.upper()
        found = [k for k in self.hidden_keys if k in text] + [e for e in self.hidden_events if e in text]
        found += [v for v in self.hidden_values if v.upper() in upper]
        return found


def split(c: Corpus, viewer: Viewer) -> Split:
    visible_values: set[str] = set()
    hidden_values: set[str] = set()
    visible_events: set[str] = set()
    hidden_keys: set[str] = set()
    hidden_events: set[str] = set()
    mixed = []
    hidden_documents: set[str] = set()
    for document in c.documents:
        visible = {r["record_key"] for r in document["records"] if can_see(viewer, r)}
        for record in document["records"]:
            if record["record_key"] in visible:
                visible_events.add(str(record["event_id"]))
            else:
                hidden_keys.add(record["record_key"])
                hidden_events.add(str(record["event_id"]))
        for field, slots in document["attributes"].items():
            for slot in slots:
                forms = {str(slot["value"]), str(slot["raw"])}
                if set(slot["sources"]) & visible:
                    visible_values |= forms
                else:
                    hidden_values |= forms
                    if field == "id_numbers" and len(str(slot["value"])) >= 8:
                        hidden_documents.add(str(slot["value"]))
        if visible and len(visible) < len(document["records"]):
            mixed.append(document)
    blob = "\n".join(visible_values).upper()
    hidden = {v for v in hidden_values - visible_values if len(v) >= MIN_LENGTH and v.upper() not in blob}
    numbers = {d.number for d in (parse_document(v) for v in visible_values) if d is not None}
    documents = sorted(n for n in hidden_documents if n.upper() not in blob
                       and getattr(parse_document(n), "number", n) not in numbers)
    return Split(viewer, hidden, hidden_keys, hidden_events - visible_events, mixed, documents)


@pytest.mark.parametrize("user", VIEWERS)
def test_no_hidden_value_reaches_a_viewer(corpus: Corpus, user: str) -> None:
    viewer = load_users(SAMPLE_USERS).named(user)
    assert viewer is not None
    s = split(corpus, viewer)
    assert s.mixed and s.hidden_values and s.hidden_keys, "the corpus must hide something from every viewer"
    rng = random.Random(user)
    checked = 0
    for document in rng.sample(s.mixed, min(12, len(s.mixed))):
        view = redact(document, viewer)
        assert view is not None
        page = corpus.search(user, q=view["display_name"], size=20)
        assert not s.leaks(page), (user, document["entity_id"], s.leaks(page)[:5])
        assert document["entity_id"] in [h["entity_id"] for h in page["hits"]] or page["total"] > 20
        profile = corpus.get(user, f"/api/entities/{document['entity_id']}", hops=2)
        assert not s.leaks(profile), (user, document["entity_id"], s.leaks(profile)[:5])
        assert {r["record_key"] for r in profile["records"]} == {r["record_key"] for r in view["records"]}
        assert len(profile["timeline"]) == len({r["event_id"] for r in view["records"]})
        checked += 1
    for number in s.hidden_documents[:10]:
        page = corpus.search(user, q=number)
        assert page["total"] == 0 and not s.leaks(page), (user, number)
    for kind in ("person", "vehicle", "firearm"):
        exported = corpus.get(user, "/api/export", kind=kind, limit=2000)
        assert not s.leaks(exported), (user, kind, s.leaks(exported)[:5])
    assert checked >= 5


@pytest.mark.parametrize("user", VIEWERS)
def test_totals_and_facets_count_visible_records_only(corpus: Corpus, user: str) -> None:
    viewer = load_users(SAMPLE_USERS).named(user)
    assert viewer is not None
    differs = False
    for kind in ("person", "vehicle", "firearm"):
        seen = [d for d in corpus.documents if d["kind"] == kind and any(can_see(viewer, r) for r in d["records"])]
        agencies = Counter(a for d in seen for a in {r["agency"] for r in d["records"] if can_see(viewer, r)})
        years = Counter(y for d in seen for y in {r["occurred_at"][:4] for r in d["records"] if can_see(viewer, r)})
        page = corpus.search(user, kind=kind, size=1)
        assert page["total"] == len(seen), (user, kind)
        assert {f["value"]: f["count"] for f in page["facets"]["agency"]} == dict(agencies), (user, kind)
        assert {f["value"]: f["count"] for f in page["facets"]["year"]} == dict(years), (user, kind)
        all_agencies = Counter(a for d in corpus.documents if d["kind"] == kind for a in d["agencies"])
        differs = differs or dict(agencies) != dict(all_agencies)
    assert differs, "some agency's records must be hidden from this viewer, or the test proves nothing"
