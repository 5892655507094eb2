"""The search API against the real Elasticsearch and Kafka: forgiving search, profiles, paging, judgements, 401s."""

from __future__ import annotations

import json
import random
from collections import Counter
from typing import Any

import pytest

from api_corpus import Corpus, corpus, key  # noqa: F401 - corpus is a fixture
from consumers.access import Viewer, can_see
from streams.resolve.normalize.text import fold

pytestmark = pytest.mark.integration
ALL = "carla"  # prosecutions, SECRET: every simulated record is released to prosecutions


def persons_with_unique_names(c: Corpus) -> list[dict[str, Any]]:
    names = Counter(fold(d["display_name"]) for d in c.documents if d["kind"] == "person")
    return [d for d in c.documents if d["kind"] == "person" and names[fold(d["display_name"])] == 1
            and len(fold(d["display_name"]).split()) >= 2 and all(len(w) >= 4 for w in fold(d["display_name"]).split())]


def typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]  # two neighbours swapped, the first letter kept


def top(c: Corpus, q: str, n: int = 1, **params: Any) -> list[str]:
    return [h["entity_id"] for h in c.search(ALL, q=q, size=max(n, 10), **params)["hits"]][:n]


@pytest.mark.parametrize("route", ["/api/search?q=x", "/api/entities/per-x", "/api/export?q=x", "/api/me"])
def test_no_valid_key_no_answer(corpus: Corpus, route: str) -> None:
    for headers in ({}, {"X-API-Key": "wrong"}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic abc"}):
        response = corpus.client.get(route, headers=headers)
        assert response.status_code == 401, (route, headers, response.text)
    assert corpus.client.post("/api/judgements", json={"left": "a/1", "right": "a/2", "verdict": "same"}).status_code == 401
    assert corpus.client.get("/api/me", headers={"Authorization": "Bearer sample-key-ana"}).json()["agency"] == "police"
    assert corpus.client.get("/health").status_code == 200
    assert "/api/search" in corpus.client.get("/openapi.json").json()["paths"]
    assert corpus.client.get("/docs").status_code == 200


def test_misspelt_swapped_and_accent_free_names_find_the_person(corpus: Corpus) -> None:
    rng = random.Random(4)
    people = rng.sample(persons_with_unique_names(corpus), 12)
    for person in people:
        words = fold(person["display_name"]).split()
        misspelt = " ".join([typo(words[0], rng), *words[1:]])
        swapped = " ".join(reversed(words))
        lower = person["display_name"].lower()
        for q in (misspelt, swapped, fold(lower)):
            assert person["entity_id"] in top(corpus, q, 3, kind="person"), (q, person["display_name"])


def test_identifier_fragments_lookalikes_patterns_and_documents(corpus: Corpus) -> None:
    lookalike = str.maketrans({"0": "O", "1": "I", "8": "B", "5": "S"})
    plates = [(d, v["value"]) for d in corpus.documents if d["kind"] == "vehicle"
              for v in d["attributes"].get("plate", []) if len(v["value"]) >= 7 and any(ch in "0158" for ch in v["value"][-5:])]
    for vehicle, plate in plates[:8]:
        fragment = plate[-5:].translate(lookalike)
        assert vehicle["entity_id"] in top(corpus, fragment, 3), (fragment, plate)
    serials = [(d, v["value"]) for d in corpus.documents if d["kind"] == "firearm"
               for v in d["attributes"].get("serial_number", []) if len(v["value"]) >= 7 and v["value"].isalnum()]
    for gun, serial in serials[:8]:
        pattern = serial[:2] + "?" + serial[3:-2] + "?" + serial[-1]
        assert gun["entity_id"] in top(corpus, pattern, 3), (pattern, serial)
        hit = corpus.search(ALL, q=pattern)["hits"][0]
        assert "serial pattern" in hit["reason"]
    documents = [(d, v["raw"]) for d in corpus.documents if d["kind"] == "person"
                 for v in d["attributes"].get("id_numbers", []) if str(v["raw"]).startswith("BZ:P")]
    for person, raw in documents[:6]:
        number = raw.split(":")[1]
        for q in (number, f"bz {number[:3]}-{number[3:]}", f"passport {number.lower()}"):
            assert top(corpus, q) == [person["entity_id"]], (q, raw)


def test_dob_ranks_and_filters_narrow(corpus: Corpus) -> None:
    person = next(d for d in persons_with_unique_names(corpus) if d["attributes"].get("date_of_birth")
                  and len(d["attributes"]["date_of_birth"][0]["value"]) == 10)
    dob = person["attributes"]["date_of_birth"][0]["value"]
    surname = fold(person["display_name"]).split()[-1]
    page = corpus.search(ALL, q=surname, dob=dob, kind="person")
    assert page["hits"][0]["entity_id"] == person["entity_id"] and "DOB" in page["hits"][0]["reason"]
    only_dob = corpus.search(ALL, dob=dob)
    assert person["entity_id"] in [h["entity_id"] for h in only_dob["hits"]]
    year = corpus.search(ALL, dob=f"{dob[:4]}..{dob[:4]}", kind="person", size=100)
    assert person["entity_id"] in [h["entity_id"] for h in year["hits"]] or year["total"] > 100
    agency = person["records"][0]["agency"]
    narrowed = corpus.search(ALL, q=surname, agency=agency)
    assert narrowed["total"] >= 1 and all(agency in h["agencies"] for h in narrowed["hits"])
    nobody = corpus.search(ALL, q=person["display_name"], since="2099-01-01")
    assert nobody["total"] == 0 and nobody["hits"] == []


def test_paging_walks_every_hit_once_and_facets_add_up(corpus: Corpus) -> None:
    first = corpus.search(ALL, kind="vehicle", size=17)
    total, seen, cursor = first["total"], [h["entity_id"] for h in first["hits"]], first["next_cursor"]
    assert total == sum(1 for d in corpus.documents if d["kind"] == "vehicle")
    assert first["facets"]["kind"] == [{"value": "vehicle", "count": total}]
    while cursor:
        page = corpus.search(ALL, kind="vehicle", size=17, cursor=cursor, facets=False)
        seen += [h["entity_id"] for h in page["hits"]]
        cursor = page["next_cursor"]
    assert len(seen) == len(set(seen)) == total
    scored = corpus.search(ALL, q="toyota", size=5)
    order = [(-h["score"], h["entity_id"]) for h in scored["hits"]]
    assert order == sorted(order)
    assert corpus.client.get("/api/search", params={"cursor": "garbage"}, headers=key(ALL)).status_code == 422
    assert corpus.client.get("/api/search", params={"dob": "1985-13-45"}, headers=key(ALL)).status_code == 422


def test_profile_links_timeline_evidence_and_redirects(corpus: Corpus) -> None:
    linked = max((d for d in corpus.documents if d["kind"] == "person"), key=lambda d: len(d.get("links") or []))
    view = corpus.get(ALL, f"/api/entities/{linked['entity_id']}", hops=2)
    assert view["entity_id"] == linked["entity_id"] and view["complete"] is True
    assert {r["record_key"] for r in view["records"]} == {r["record_key"] for r in linked["records"]}
    assert view["linked"] and all(e["entity_id"] for e in view["linked"])
    nodes = {n["entity_id"]: n["hop"] for n in view["graph"]["nodes"]}
    assert nodes[linked["entity_id"]] == 0 and {e["entity_id"] for e in view["linked"]} <= set(nodes)
    assert max(nodes.values()) == 2 and all(e["from"] in nodes and e["to"] in nodes for e in view["graph"]["edges"])
    events = {r["event_id"] for r in linked["records"]}
    assert {e["event_id"] for e in view["timeline"]} == events
    times = [e["occurred_at"] for e in view["timeline"]]
    assert times == sorted(times)
    assert [e["record_key"] for e in view["evidence"]] == [r["record_key"] for r in linked["records"]]
    assert "links" not in view and "members" not in view and "search" not in view
    merged = next((d for d in corpus.documents if d.get("merged_from")), None)
    if merged is not None:
        absorbed = merged["merged_from"][0]
        again = corpus.get(ALL, f"/api/entities/{absorbed}")
        assert again["entity_id"] == merged["entity_id"] and again["redirected_from"] == absorbed
    assert corpus.client.get("/api/entities/per-000000000000", headers=key(ALL)).status_code == 404


def test_a_judgement_goes_to_the_judgements_topic_as_the_caller(corpus: Corpus) -> None:
    from confluent_kafka import Consumer

    from schemas.judgements import decode_judgement

    a, b = [d for d in corpus.documents if d["kind"] == "person"][:2]
    response = corpus.client.post("/api/judgements", headers=key("ana"),
                                  json={"left": a["entity_id"], "right": b["entity_id"], "verdict": "not_same",
                                        "why": "different mothers"})
    assert response.status_code == 201, response.text
    sent = response.json()
    assert (sent["who"], sent["verdict"], sent["kind"]) == ("ana", "not_same", "person")
    consumer = Consumer({**corpus.settings.kafka.librdkafka(), "group.id": f"{corpus.settings.kafka.topic_prefix}judge-test",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([corpus.settings.kafka.topic("judgements")])
    try:
        found = None
        for _ in range(120):
            msg = consumer.poll(0.5)
            if msg is not None and msg.error() is None:
                found = decode_judgement(msg.value())
                break
    finally:
        consumer.close()
    assert found is not None and found["judgement_id"] == sent["judgement_id"] and found["who"] == "ana"
    record = a["records"][0]["record_key"]
    assert corpus.client.post("/api/judgements", headers=key("ana"),
                              json={"left": record, "right": b["entity_id"], "verdict": "maybe"}).status_code == 422
    dan = Viewer("dan", "customs", "UNCLASSIFIED")
    hidden_only = next(d for d in corpus.documents if not any(can_see(dan, r) for r in d["records"]))
    refused = corpus.client.post("/api/judgements", headers=key("dan"),
                                 json={"left": hidden_only["entity_id"], "right": b["entity_id"], "verdict": "same"})
    assert refused.status_code == 404


def test_metrics_are_mounted(corpus: Corpus) -> None:
    for path in ("/metrics", "/metrics/"):
        response = corpus.client.get(path, follow_redirects=False)
        assert response.status_code == 200 and "# TYPE" in response.text, path
    assert json.loads(corpus.client.get("/health").text) == {"status": "ok"}
