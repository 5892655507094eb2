"""Search quality on labelled queries: recall@10 of the API over a simulated corpus, with the simulator's truth.

The corpus is 3,000 simulated events fused and indexed. Queries are written from the true world the
simulator observed (``producers.simulator.scenario.simulated_world``) with the simulator's own kinds of
error: a typo in a name (``noise.typo``), given and family names swapped, accents and case dropped, a
nickname, one surname of two, a partial plate with a look-alike character, a VIN fragment, a serial with
unreadable characters (``?``) and a fragment of a serial (identifiers only where some record carries them:
a VIN no agency wrote down cannot be searched for). A query counts as found when an entity whose
records are mostly of the true person, vehicle or firearm is among the first 10 hits (searching as a
user who may see every record). The test asserts recall@10 >= 0.95 over all queries and prints it per
category.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api_corpus import Corpus, build
from deploy.settings import Settings
from producers.simulator import noise
from producers.simulator.names import NICKNAMES
from producers.simulator.scenario import simulated_world
from streams.resolve.normalize.text import compact

pytestmark = pytest.mark.integration
EVENTS, SEED = 3000, 21
PER_CATEGORY = 60
TARGET = 0.95


@pytest.fixture(scope="module")
def quality_corpus(stack: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    yield from build(Settings(), tmp_path_factory.mktemp("quality"), events=EVENTS, seed=SEED)


def owners(corpus: Corpus) -> dict[str, set[str]]:
    """True entity id -> the fused entities whose records are mostly its records."""
    truth = corpus.truth()
    found: dict[str, set[str]] = defaultdict(set)
    for document in corpus.documents:
        votes = Counter(truth.get(r["record_key"]) for r in document["records"])
        votes.pop(None, None)
        if votes:
            found[str(votes.most_common(1)[0][0])].add(document["entity_id"])
    return found


def recorded_identifiers(corpus: Corpus) -> dict[str, set[str]]:
    """True entity id -> the plates, VINs and serials its records carry (compacted): what a search can find."""
    truth = corpus.truth()
    found: dict[str, set[str]] = defaultdict(set)
    for document in corpus.documents:
        for field in ("plate", "vin", "serial_number"):
            for slot in document["attributes"].get(field, []):
                for source in slot["sources"]:
                    if source in truth:
                        found[truth[source]].add(compact(slot["value"]))
    return found


def person_queries(person: Any, rng: random.Random) -> dict[str, str]:
    given, paternal = person.given[0], person.paternal
    surnames = f"{paternal} {person.maternal}" if person.maternal else paternal
    words = [given, *surnames.split()]
    spot = rng.randrange(len(words))
    words[spot] = noise.typo(words[spot], rng)
    queries = {
        "misspelt name": " ".join(words),
        "swapped names": f"{surnames} {' '.join(person.given)}",
        "no accents, lower case": noise.strip_accents(f"{given} {surnames}").lower(),
    }
    if person.maternal:
        queries["one surname of two"] = f"{' '.join(person.given)} {paternal}"
    if given in NICKNAMES:
        queries["nickname"] = f"{rng.choice(NICKNAMES[given])} {surnames}"
    return queries


def label(corpus: Corpus, seed: int) -> list[tuple[str, str, dict[str, str], str]]:
    """(category, query text, extra parameters, true entity id) for entities the corpus holds records of."""
    rng = random.Random(seed)
    _, world = simulated_world(EVENTS, SEED)
    present = owners(corpus)
    labelled: list[tuple[str, str, dict[str, str], str]] = []
    persons = [p for p in world.persons if p.entity_id in present]
    for person in rng.sample(persons, min(PER_CATEGORY, len(persons))):
        for category, text in person_queries(person, rng).items():
            labelled.append((category, text, {"kind": "person"}, person.entity_id))
        labelled.append(("name + DOB", f"{person.given[0]} {person.paternal}", {"dob": person.dob.isoformat()},
                         person.entity_id))
    recorded = recorded_identifiers(corpus)
    vehicles = [v for v in world.vehicles if v.entity_id in present]
    plated = [v for v in vehicles if compact(v.plate.text) in recorded[v.entity_id]]
    for vehicle in rng.sample(plated, min(PER_CATEGORY, len(plated))):
        part = compact(vehicle.plate.text)[-5:]
        labelled.append(("plate fragment, look-alike", noise.confuse(part, rng), {}, vehicle.entity_id))
    with_vin = [v for v in vehicles if v.vin in recorded[v.entity_id]]
    for vehicle in rng.sample(with_vin, min(PER_CATEGORY, len(with_vin))):
        start = rng.randrange(4, 9)
        labelled.append(("VIN fragment", vehicle.vin[start:start + 8], {}, vehicle.entity_id))
    guns = [g for g in world.firearms if g.entity_id in present and g.serial and len(g.serial) >= 6
            and compact(g.serial) in recorded[g.entity_id]]
    for gun in rng.sample(guns, min(PER_CATEGORY, len(guns))):
        serial = list(gun.serial)
        for i in rng.sample(range(1, len(serial)), 2):
            serial[i] = "?"
        labelled.append(("serial with ?", "".join(serial), {}, gun.entity_id))
        labelled.append(("serial fragment", gun.serial[1:6], {}, gun.entity_id))
    return labelled


def test_recall_at_10_on_labelled_queries(quality_corpus: Corpus) -> None:
    corpus = quality_corpus
    present = owners(corpus)
    labelled = label(corpus, seed=7)
    found: Counter[str] = Counter()
    asked: Counter[str] = Counter()
    misses: list[tuple[str, str, list[str]]] = []
    for category, text, params, true_id in labelled:
        hits = [h["entity_id"] for h in corpus.search("carla", q=text, size=10, facets=False, **params)["hits"]]
        asked[category] += 1
        if present[true_id] & set(hits):
            found[category] += 1
        else:
            misses.append((category, text, hits[:3]))
    recall = sum(found.values()) / sum(asked.values())
    print(f"\nrecall@10 over {sum(asked.values())} labelled queries ({len(corpus.documents)} entities): {recall:.3f}")
    for category in asked:
        print(f"  {category:28s} {found[category] / asked[category]:.3f}  ({found[category]}/{asked[category]})")
    for miss in misses[:15]:
        print("  missed:", miss)
    assert len(asked) >= 9 and sum(asked.values()) >= 300
    assert recall >= TARGET, f"recall@10 {recall:.3f} < {TARGET}"
