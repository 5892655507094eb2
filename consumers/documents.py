"""Entity documents -> Elasticsearch bulk actions, with the member records' search documents (pure)."""

from __future__ import annotations

from typing import Any

from consumers.members import MemberCache, member_documents

SEARCH_FIELD = "search"
"""The helper object of index version 2 and earlier (no longer written). Reads still exclude it, so a profile or hit
read from an older generation through the alias can't show a hidden record's names or identifiers."""
MEMBERS_FIELD = "members"
"""Nested per-record search documents with their visibility (``consumers.members``); stripped from hits too."""


def index_document(entity: dict[str, Any], members: MemberCache | None = None) -> dict[str, Any]:
    """The entity document as indexed: unchanged, plus the ``members`` search documents (every search matches those)."""
    return {**entity, MEMBERS_FIELD: member_documents(entity, members)}


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
