"""The entities index body: analysis chains exist and every mapped field uses one that does."""

from __future__ import annotations

from typing import Any

from consumers.mappings import ANALYSIS, INDEX_VERSION, index_body, index_name
from deploy.settings import ElasticSettings, Settings


def walk(properties: dict[str, Any], prefix: str = "") -> dict[str, dict[str, Any]]:
    fields: dict[str, dict[str, Any]] = {}
    for name, spec in properties.items():
        fields[prefix + name] = spec
        fields.update(walk(spec.get("properties", {}), f"{prefix}{name}."))
        fields.update(walk(spec.get("fields", {}), f"{prefix}{name}."))
    return fields


def test_single_node_settings() -> None:
    settings = index_body()["settings"]
    assert (settings["number_of_shards"], settings["number_of_replicas"]) == (1, 0)
    # Fragments are trigrams at consecutive positions (phrase search), so the default max_ngram_diff of 1 holds.
    trigram = ANALYSIS["tokenizer"]["identifier_trigram"]
    assert (trigram["type"], trigram["min_gram"], trigram["max_gram"]) == ("ngram", 3, 3)
    assert ANALYSIS["analyzer"]["identifier_fragments"]["tokenizer"] == "identifier_trigram"
    assert "max_ngram_diff" not in settings


def test_every_referenced_analyzer_and_normalizer_is_defined() -> None:
    fields = walk(index_body()["mappings"]["properties"])
    for path, spec in fields.items():
        for key in ("analyzer", "search_analyzer"):
            if key in spec:
                assert spec[key] in ANALYSIS["analyzer"], path
        if "normalizer" in spec:
            assert spec["normalizer"] in ANALYSIS["normalizer"], path


def test_field_types_that_search_relies_on() -> None:
    fields = walk(index_body()["mappings"]["properties"])
    expected = {
        "entity_id": "keyword", "kind": "keyword", "agencies": "keyword", "version": "long", "updated_at": "date",
        "display_name": "text", "identifiers": "keyword", "members": "nested", "members.given": "text",
        "members.names": "text", "members.given_sounds": "keyword", "members.documents": "keyword",
        "members.documents.fragments": "text", "members.plate_skeletons": "keyword",
        "members.plate_skeletons.fragments": "text", "members.text": "text",
    }
    assert {path: fields[path]["type"] for path in expected} == expected
    assert fields["attributes"]["enabled"] is False
    # Every search matches the member documents: no top-level helper fields (index version 3).
    assert "search" not in fields and "identifiers.fragments" not in fields
    # Links point at records; read-time link resolution searches both ends by record key.
    assert {fields[f"links.{name}"]["type"] for name in ("rel", "record", "via")} == {"keyword"}
    assert fields["records.record_key"]["type"] == "keyword"
    assert index_body()["mappings"]["dynamic"] is False


def test_name_analysis_folds_case_and_accents() -> None:
    assert ANALYSIS["analyzer"]["name"]["filter"] == ["lowercase", "asciifolding"]
    assert ANALYSIS["normalizer"]["identifier"]["char_filter"] == ["identifier_strip"]


def test_index_name_is_versioned_behind_the_alias() -> None:
    settings = Settings(elastic=ElasticSettings(index_prefix="abc"))
    assert (index_name(settings), settings.elastic.entities_alias) == (f"abc-entities-v{INDEX_VERSION}", "abc-entities")


def test_template_covers_every_versioned_index() -> None:
    from consumers.mappings import index_template

    template = index_template(Settings(elastic=ElasticSettings(index_prefix="abc")))
    assert template["index_patterns"] == ["abc-entities-v*"] and template["template"] == index_body()
