from streams.entity import attributes, build_document, display_name, iso_utc

from stream_records import person, record


def test_document_shape_and_provenance():
    members = [("police/p1", person("police", "p1", ids=["BZ:P8072881"], role="suspect")),
               ("immigration/i1", person("immigration", "i1", given="JOSÉ", ids=["P 807 2881"]))]
    links = [{"rel": "owns", "entity_id": "veh-1", "direction": "out", "records": ["police/p1"]}]
    doc = build_document("per-abc", "person", 3, members, links, ["per-old"], 1_767_225_600_000,
                         {"police/p1": {"doc:P8072881": "P8072881"}, "immigration/i1": {"doc:P8072881": "P8072881", "name:X": ""}})
    assert set(doc) == {"entity_id", "kind", "version", "updated_at", "trigger_produced_at_ms", "display_name",
                        "attributes", "identifiers", "records", "agencies", "links", "merged_from"}
    assert doc["entity_id"] == "per-abc" and doc["kind"] == "person" and doc["version"] == 3
    assert doc["updated_at"] == "2026-01-01T00:00:00.000Z"
    assert doc["identifiers"] == ["P8072881"]
    assert doc["agencies"] == ["immigration", "police"]
    assert doc["links"] == links and doc["merged_from"] == ["per-old"]
    assert doc["records"][0] == {
        "record_key": "police/p1", "record_id": "p1", "agency": "police", "event_id": "ev-police-p1-1",
        "event_type": "entity_report", "occurred_at": "2026-01-01T00:00:00.000Z", "role": "suspect",
        "handling": "RESTRICTED", "releasable_to": [],
    }
    ids = doc["attributes"]["id_numbers"]
    assert ids == [{"value": "P8072881", "raw": "BZ:P8072881", "sources": ["police/p1", "immigration/i1"]}]
    assert doc["attributes"]["given_name"] == [{"value": "JOSE", "raw": "José", "sources": ["police/p1", "immigration/i1"]}]


def test_attributes_skip_empty_and_meta():
    attrs = attributes([("a/1", record("a", "1", "vehicle", plate="C-1", color="", model=None, extra_field="x"))])
    assert set(attrs) == {"plate", "extra_field"}
    assert attrs["plate"] == [{"value": "C1", "raw": "C-1", "sources": ["a/1"]}]


def test_display_names():
    people = [("a/1", person("a", "1", given="Pepe")), ("a/2", person("a", "2")), ("a/3", person("a", "3"))]
    assert display_name("person", people, attributes(people)) == "José Choc"
    car = [("a/1", record("a", "1", "vehicle", plate="C 123", plate_country="BZ", make="Toyota", model="Hilux"))]
    assert display_name("vehicle", car, attributes(car)) == "C 123 (BZ) Toyota Hilux"
    gun = [("a/1", record("a", "1", "firearm", make="Glock", model="17", serial_number="AB123"))]
    assert display_name("firearm", gun, attributes(gun)) == "Glock 17 AB123"
    assert display_name("firearm", [("a/1", record("a", "1", "firearm"))], {}) == "(unidentified firearm)"


def test_iso_utc_without_trigger_is_now():
    assert iso_utc(0) == "1970-01-01T00:00:00.000Z"
    assert iso_utc(None).endswith("Z")
