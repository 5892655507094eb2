"""Learn the model's m and u probabilities from unlabeled records (Splink-style).

u comes from random pairs of records (almost all non-matches); m and the share of
matches come from EM over the candidate pairs blocking produces, with u held fixed.
Priors and thresholds stay as configured: they are decisions, not estimates.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from streams.resolve import levels as lv
from streams.resolve.blocking import BlockIndex, blocking_keys
from streams.resolve.features import Features, FirearmFeatures, PersonFeatures, VehicleFeatures, features_of
from streams.resolve.model import KindModel, Model, estimate_u, train_em
from streams.resolve.records import parse_record


def level_vector(kind: str, a: Features, b: Features) -> tuple[str, ...]:
    """The comparison levels of two records' features (names read straight)."""
    if isinstance(a, PersonFeatures) and isinstance(b, PersonFeatures):
        return lv.person_levels(a, b)
    if isinstance(a, VehicleFeatures) and isinstance(b, VehicleFeatures):
        return lv.vehicle_levels(a, b)
    if isinstance(a, FirearmFeatures) and isinstance(b, FirearmFeatures):
        return lv.firearm_levels(a, b)
    raise TypeError(kind)


def train(records: Iterable[Mapping[str, Any]], base: Model, random_pairs: int = 50_000, seed: int = 0,
          max_pairs: int = 500_000) -> tuple[Model, dict[str, float]]:
    """A model re-estimated from ``records`` (no labels needed) and the match share of candidate pairs per kind."""
    by_kind: dict[str, list[Features]] = {}
    for data in records:
        record = parse_record(data)
        by_kind.setdefault(record.kind, []).append(features_of(record))
    rng = random.Random(seed)
    out: Model = dict(base)
    shares: dict[str, float] = {}
    for kind, feats in by_kind.items():
        if len(feats) < 2 or kind not in base:
            continue
        randoms = (level_vector(kind, *rng.sample(feats, 2)) for _ in range(random_pairs))
        u = estimate_u(randoms, kind)
        index: BlockIndex[str] = BlockIndex()
        candidates: Counter[tuple[str, ...]] = Counter()
        names = [str(i) for i in range(len(feats))]
        for i, f in enumerate(feats):
            keys = blocking_keys(f)
            for other in index.candidates(keys):
                if sum(candidates.values()) >= max_pairs:
                    break
                candidates[level_vector(kind, f, feats[int(other)])] += 1
            index.add(names[i], keys)
        trained, share = train_em(base[kind], candidates, u)
        out[kind] = trained
        shares[kind] = share
    return out, shares


def blend(configured: KindModel, learned: KindModel, weight: float = 0.5) -> KindModel:
    """Average configured and learned m/u (geometric), to temper EM on a small or odd sample."""
    from streams.resolve.model import LevelWeight

    levels = {
        a: {lvl: LevelWeight(configured.levels[a][lvl].m ** (1 - weight) * learned.levels[a][lvl].m ** weight,
                             configured.levels[a][lvl].u ** (1 - weight) * learned.levels[a][lvl].u ** weight)
            for lvl in configured.levels[a] if lvl in learned.levels.get(a, {})}
        for a in configured.levels
    }
    return KindModel(configured.kind, configured.prior, configured.link_threshold, configured.merge_threshold,
                     levels, configured.tf_attributes, configured.reference_records, configured.min_records,
                     configured.twin_share)
