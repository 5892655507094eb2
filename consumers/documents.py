"""Entity documents -> Elasticsearch bulk actions, with search helper fields (pure)."""

from __future__ import annotations

from typing import Any

from consumers.members import MemberCache, member_documents
from consumers.variants import compact, full_names, identifier_variants, plate_skeleton, unique

SEARCH_FIELD = "search"
"""The indexed document's helper object; ``consumers.search`` strips it from hits."""
MEMBERS_FIELD = "members"
"""Nested per-record search documents with their visibility (``consumers.members``); stripped from hits too."""
IDENTIFIER_FIELDS = ("id_numbers", "plate", "vin", "serial_number")
DESCRIPTIVE_FIELDS = ("make", "model", "color", "year", "caliber", "firearm_type", "plate_country", "sex", "address")


def attribute_values(entity: dict[str, Any], field: str) -> list[str]:
    """A field's values as received and as normalized by the stream, e.g. ``["Josè", "JOSE"]``."""
    values: list[str] = []
    for item in (entity.get("attributes") or {}).get(field) or []:
        if isinstance(item, dict):
            raw, value = item.get("raw"), item.get("value")
            if raw not in (None, ""):
                values.append(str(raw))
            if value not in (None, ""):
                values.append(str(value))
        elif item not in (None, ""):
            values.append(str(item))
    return unique(values)


def search_fields(entity: dict[str, Any]) -> dict[str, list[str]]:
    """The helper fields analysts' queries hit: name variants, identifier variants, plate skeletons."""
    attributes = entity.get("attributes") or {}
    known: dict[str, list[str]] = {}

    def values(field: str) -> list[str]:  # each field once; absent fields cost nothing
        if field not in known:
            known[field] = attribute_values(entity, field) if attributes.get(field) else []
        return known[field]

    givens, families = values("given_name"), values("family_name")
    names = full_names(givens, families) if entity.get("kind") == "person" else []
    identifiers = [v for f in IDENTIFIER_FIELDS for raw in values(f) for v in identifier_variants(raw)]
    identifiers += [str(i) for i in entity.get("identifiers") or []]
    plates = values("plate")
    return {
        "names": unique([*names, str(entity.get("display_name") or "")]),
        "given_names": givens,
        "family_names": families,
        "identifiers": unique(identifiers),
        "plates": unique(compact(p) for p in plates),
        "plate_skeletons": unique(plate_skeleton(p) for p in plates),
        "vins": unique(compact(v) for v in values("vin")),
        "serials": unique(compact(s) for s in values("serial_number")),
        "dates_of_birth": values("date_of_birth"),
        "phones": unique(compact(p) for p in values("phone")),
        "text": unique(v for f in DESCRIPTIVE_FIELDS for v in values(f)),
    }


def index_document(entity: dict[str, Any], members: MemberCache | None = None) -> dict[str, Any]:
    """The entity document as indexed: unchanged, plus the ``search`` helper object and the ``members`` search documents."""
    return {**entity, SEARCH_FIELD: search_fields(entity), MEMBERS_FIELD: member_documents(entity, members)}


def build_action(key: str, value: dict[str, Any] | None, index: str, tombstone_version: int | None = None,
                 members: MemberCache | None = None) -> dict[str, Any]:
    """The bulk action for one ``entities`` message: an externally versioned index, or a delete.

    Versions: an update carries ``value["version"]`` with ``version_type=external_gte``, so a
    replayed older version is refused (409) and never overwrites a newer one.

    Tombstones (``value is None``) carry no version in the contract, so the caller passes
    the newest version it knows for ``key`` (the last value it saw for that key, or the
    ``enlace.version`` header if the producer sets one). The delete is then versioned too:
    it removes the document only if the indexed version is not newer, and Elasticsearch
    keeps the deleted version for ``index.gc_deletes`` so a late replay of an older update
    is refused as well. With no known version the delete is unconditional; that is safe
    because a compacted topic keeps one key in one partition, in order: every update of
    the entity before its tombstone has been applied first, and a re-delivery replays the
    updates after the tombstone too, so the index converges on the topic's last word.

    ``members`` caches member documents across calls (``consumers.members.MemberCache``).
    """
    check_action(key, value)
    if value is None:
        action: dict[str, Any] = {"_op_type": "delete", "_index": index, "_id": key}
        if tombstone_version is not None:
            action.update(version=int(tombstone_version), version_type="external_gte")
        return action
    return {
        "_op_type": "index",
        "_index": index,
        "_id": key,
        "version": value["version"],
        "version_type": "external_gte",
        "_source": index_document(value, members),
    }


def check_action(key: str, value: dict[str, Any] | None) -> None:
    """Raise ``ValueError`` if ``build_action`` would refuse ``value`` (checked before building anything)."""
    if value is None:
        return
    entity_id = str(value.get("entity_id") or key)
    if entity_id != key:
        raise ValueError(f"entity id {entity_id!r} does not match the message key {key!r}")
    version = value.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise ValueError(f"entity {key!r} has no usable version: {version!r}")
