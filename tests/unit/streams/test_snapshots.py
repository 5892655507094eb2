"""Snapshots of a partition's resolver: round trip, chunking, incomplete snapshots, old chunks dropped."""

from streams import commands, snapshots
from streams.resolving import Partition

from stream_records import person


def partition(n=6):
    part = Partition(1)
    for offset in range(n):
        part.apply(commands.upsert(person("police", f"p{offset}", given=f"Name{offset}", ids=[f"P{offset:07d}"]), None).value,
                   offset)
    return part


def store(part, table):
    snapshots.apply_writes(table, snapshots.snapshot_writes(part, table))


def test_round_trip_restores_entities_and_offset():
    part, table = partition(), {}
    store(part, table)
    back = snapshots.load(table, 1)
    assert back.next_offset == 6 and back.resolver.entities() == part.resolver.entities()
    assert snapshots.load(table, 0).next_offset == 0  # another partition: nothing stored, start from the log


def test_large_state_is_cut_into_chunks(monkeypatch):
    monkeypatch.setattr(snapshots, "CHUNK", 64)
    part, table = partition(), {}
    store(part, table)
    entry = snapshots.manifest(table, 1)
    assert entry["chunks"] > 1 and all(len(table[f"p1:g1:{i}"]) <= 64 for i in range(entry["chunks"]))
    assert snapshots.load(table, 1).resolver.entities() == part.resolver.entities()


def test_an_incomplete_newest_snapshot_falls_back_to_the_previous_one():
    part, table = partition(3), {}
    store(part, table)
    more = partition(6)
    store(more, table)
    del table["p1:g2:0"]  # the crash lost a chunk of the newest snapshot
    back = snapshots.load(table, 1)
    assert back.next_offset == 3 and back.resolver.entities() == part.resolver.entities()


def test_chunks_two_snapshots_old_are_deleted():
    part, table = partition(), {}
    for _ in range(3):
        store(part, table)
    assert snapshots.manifest(table, 1)["generation"] == 3
    assert not any(key.startswith("p1:g1:") for key in table)
    assert "p1:g2:0" in table and "p1:g3:0" in table
