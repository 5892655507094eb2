"""Search against the real Elasticsearch: misspelt, accent-free names; identifiers whole, look-alike or in part."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from elasticsearch import Elasticsearch
from elasticsearch.helpers import bulk

from consumers.documents import build_action
from consumers.elastic import make_client
from consumers.mappings import ensure_index
from consumers.search import search_entities
from deploy.settings import Settings


def attrs(**fields: Any) -> dict[str, list[dict[str, Any]]]:
    return {name: [{"value": str(v).upper(), "raw": v, "sources": ["police/r1"]} for v in values]
            for name, values in fields.items()}


def one_record(entity: dict[str, Any]) -> dict[str, Any]:
    """The entity as the stream writes it: its values asserted by one member record (what search matches)."""
    agency = entity["agencies"][0]
    key = f"{agency}/{entity['entity_id']}"
    attributes = {name: [{**slot, "sources": [key]} for slot in slots] for name, slots in entity["attributes"].items()}
    return {**entity, "attributes": attributes, "records": [{"record_key": key, "agency": agency,
                                                             "handling": "UNCLASSIFIED", "releasable_to": []}]}


ENTITIES: list[dict[str, Any]] = [
    {"entity_id": "per-jose", "kind": "person", "version": 2, "display_name": "José López",
     "attributes": attrs(given_name=["José"], family_name=["López"], id_numbers=["BZ:P8072881"]),
     "identifiers": ["P8072881"], "agencies": ["police"]},
    {"entity_id": "per-maria", "kind": "person", "version": 1, "display_name": "María Gonzalez",
     "attributes": attrs(given_name=["María"], family_name=["Gonzalez"], id_numbers=["DPI 8634 44262 1708"]),
     "identifiers": ["8634442621708"], "agencies": ["immigration"]},
    {"entity_id": "per-josefa", "kind": "person", "version": 1, "display_name": "Josefa Lopera",
     "attributes": attrs(given_name=["Josefa"], family_name=["Lopera"]), "identifiers": [], "agencies": ["customs"]},
    {"entity_id": "veh-hilux", "kind": "vehicle", "version": 5, "display_name": "CAY-4521 (BZ) Toyota Hilux",
     "attributes": attrs(plate=["CAY-4521"], vin=["JTEBU5JR0K5012345"], make=["Toyota"], model=["Hilux"]),
     "identifiers": ["JTEBU5JR0K5012345"], "agencies": ["licensing"]},
    {"entity_id": "gun-glock", "kind": "firearm", "version": 1, "display_name": "Glock 19 BHXR772",
     "attributes": attrs(serial_number=["BHXR772"], make=["Glock"], model=["19"]),
     "identifiers": ["BHXR772"], "agencies": ["forensics"]},
]


@pytest.fixture
def indexed(settings: Settings) -> Iterator[Elasticsearch]:
    client = make_client(settings)
    ensure_index(client, settings)
    alias = settings.elastic.entities_alias
    ok, errors = bulk(client, [build_action(e["entity_id"], one_record(e), alias) for e in ENTITIES], refresh="wait_for")
    assert (ok, errors) == (len(ENTITIES), [])
    yield client
    client.close()


@pytest.mark.parametrize(("query", "kind", "expected_first"), [
    ("Josè Lopes", None, "per-jose"),        # accent in the wrong place and a misspelt surname
    ("jose lopez", None, "per-jose"),
    ("LOPEZ JOSE", "person", "per-jose"),     # surname first
    ("Maria Gonzales", None, "per-maria"),
    ("P8072881", None, "per-jose"),           # document number without its country prefix
    ("bz p807-2881", None, "per-jose"),       # ... and with it, spaced and dashed
    ("8634442621708", None, "per-maria"),
    ("cay4521", None, "veh-hilux"),           # plate without its dash
    ("CAY 452I", None, "veh-hilux"),          # I read for 1: plate skeleton
    ("4521", None, "veh-hilux"),              # plate fragment
    ("5012345", "vehicle", "veh-hilux"),      # VIN fragment
    ("HXR77", None, "gun-glock"),             # serial fragment
    ("toyota hilux", None, "veh-hilux"),
])
def test_search_finds(indexed: Elasticsearch, settings: Settings, query: str, kind: str | None,
                      expected_first: str) -> None:
    hits = search_entities(settings, query, kind=kind, client=indexed)
    assert hits, f"nothing found for {query!r}"
    assert hits[0]["entity_id"] == expected_first, [(h["entity_id"], h["_score"]) for h in hits]
    assert hits[0]["_score"] > 0 and "search" not in hits[0]


def test_kind_filter_and_no_match(indexed: Elasticsearch, settings: Settings) -> None:
    assert search_entities(settings, "Toyota", kind="person", client=indexed) == []
    assert search_entities(settings, "Zzyzx Qwerty", client=indexed) == []


def test_results_are_ranked_and_sized(indexed: Elasticsearch, settings: Settings) -> None:
    hits = search_entities(settings, "Jose Lopez", size=2, client=indexed)
    assert len(hits) <= 2
    assert [h["entity_id"] for h in hits][:1] == ["per-jose"]
    assert all(a["_score"] >= b["_score"] for a, b in zip(hits, hits[1:]))
