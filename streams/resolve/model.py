"""The Fellegi-Sunter model: m/u probabilities per comparison level, weights, and an EM trainer.

A level's weight is ``log2(m / u)``: how much more often true matches land on it than
non-matches do. A pair's score is the prior log-odds plus the weights of its levels (plus
term-frequency adjustments, see ``tf``); a pair links when its score reaches the kind's
threshold. The default model lives in ``model.json`` next to this module; ``train_em``
re-estimates m (and the prior) from unlabeled candidate pairs with u held at values
measured on random pairs, as Splink does.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from streams.resolve.levels import ATTRIBUTES, LEVELS

DEFAULT_MODEL_PATH = Path(__file__).with_name("model.json")
_FLOOR = 1e-7


@dataclass(frozen=True, slots=True)
class LevelWeight:
    """One comparison level's m and u probabilities and the resulting log2 weight."""

    m: float
    u: float

    @property
    def weight(self) -> float:
        return math.log2(max(self.m, _FLOOR) / max(self.u, _FLOOR))


@dataclass(frozen=True, slots=True)
class KindModel:
    """The weights and thresholds of one kind of record."""

    kind: str
    prior: float  # log2 odds that two random records of this kind match, among ``reference_records`` records
    link_threshold: float  # a record joins an entity when its best pair scores at least this
    merge_threshold: float  # two entities merge through a record when both pairs score at least this
    levels: Mapping[str, Mapping[str, LevelWeight]]
    tf_attributes: tuple[str, ...] = ()
    reference_records: int = 10000
    min_records: int = 2000
    twin_share: float = 0.03  # share of people who are twins (persons only: see ``twin_odds``)
    weights: dict[tuple[str, str], float] = field(default_factory=dict)
    by_position: tuple[dict[str, float], ...] = ()  # level -> weight, per attribute in ATTRIBUTES order
    sums: dict[tuple[str, ...], float] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for attr, levels in self.levels.items():
            for level, lw in levels.items():
                self.weights[(attr, level)] = lw.weight
        positions = tuple({lv: lw.weight for lv, lw in self.levels.get(a, {}).items()} for a in ATTRIBUTES[self.kind])
        object.__setattr__(self, "by_position", positions)

    @property
    def twin_odds(self) -> float:
        """log2 odds that two person records with different given names, agreeing on what twins share
        (surnames, birth date, home), are one person: a miswritten given name (m of ``given=different``)
        against twins. Both chances scale alike with the population, so no prior enters."""
        given = self.levels.get("given", {}).get("different")
        return math.log2(max(given.m if given else _FLOOR, _FLOOR) / max(self.twin_share, _FLOOR))

    def prior_at(self, n_records: int) -> float:
        """The prior for a pair when ``n_records`` records of the kind are known.

        Two random records match with probability ~ (records per entity) / n, so the prior
        falls by one bit each time the population doubles (floored at ``min_records``, so the
        first records of a stream are not linked on thin evidence).
        """
        return self.prior - math.log2(max(n_records, self.min_records) / self.reference_records)

    def level_sum(self, levels: tuple[str, ...]) -> float:
        """The summed weights of a tuple of levels (memoized: a kind has a few thousand level patterns)."""
        total = self.sums.get(levels)
        if total is None:
            total = sum(table.get(level, 0.0) for table, level in zip(self.by_position, levels))
            if len(self.sums) < 200_000:
                self.sums[levels] = total
        return total

    def weight(self, attribute: str, level: str) -> float:
        """The log2 weight of ``level`` on ``attribute`` (0 for levels the model does not know)."""
        return self.weights.get((attribute, level), 0.0)

    def as_dict(self) -> dict[str, Any]:
        """The model as the JSON-ready dict ``load_model`` reads."""
        return {
            "prior": round(self.prior, 4), "reference_records": self.reference_records,
            "min_records": self.min_records, "twin_share": self.twin_share, "link_threshold": self.link_threshold,
            "merge_threshold": self.merge_threshold, "tf_attributes": list(self.tf_attributes),
            "levels": {a: {lv: {"m": round(w.m, 6), "u": round(w.u, 8)} for lv, w in ls.items()}
                       for a, ls in self.levels.items()},
        }


Model = dict[str, KindModel]


def model_from_dict(data: Mapping[str, Any]) -> Model:
    """Build a model from the JSON structure of ``model.json`` (kinds -> prior, thresholds, levels)."""
    model: Model = {}
    for kind, spec in data.items():
        if kind.startswith("_"):
            continue
        unknown = set(spec["levels"]) - set(ATTRIBUTES[kind])
        if unknown:
            raise ValueError(f"{kind}: unknown attributes {sorted(unknown)}")
        levels = {
            attr: {lv: LevelWeight(float(v["m"]), float(v["u"])) for lv, v in spec["levels"].get(attr, {}).items()}
            for attr in ATTRIBUTES[kind]
        }
        for attr, lvs in levels.items():
            bad = set(lvs) - set(LEVELS[kind][attr])
            if bad:
                raise ValueError(f"{kind}.{attr}: unknown levels {sorted(bad)}")
        model[kind] = KindModel(kind, float(spec["prior"]), float(spec["link_threshold"]),
                                float(spec["merge_threshold"]), levels, tuple(spec.get("tf_attributes", ())),
                                int(spec.get("reference_records", 10000)), int(spec.get("min_records", 2000)),
                                float(spec.get("twin_share", 0.03)))
    return model


def load_model(path: str | Path | None = None) -> Model:
    """The model in ``path`` (default: the bundled ``model.json``)."""
    with open(path or DEFAULT_MODEL_PATH, encoding="utf-8") as fh:
        return model_from_dict(json.load(fh))


def save_model(model: Model, path: str | Path) -> None:
    """Write ``model`` as JSON ``load_model`` reads back."""
    with open(path, "w", encoding="utf-8") as fh:
        json.dump({k: m.as_dict() for k, m in model.items()}, fh, indent=1, sort_keys=True)
        fh.write("\n")


def estimate_u(vectors: Iterable[tuple[str, ...]], kind: str, smoothing: float = 0.5) -> dict[str, dict[str, float]]:
    """u probabilities from level vectors of random (almost surely non-matching) pairs."""
    counts = [Counter[str]() for _ in ATTRIBUTES[kind]]
    total = 0
    for vector in vectors:
        total += 1
        for i, level in enumerate(vector):
            counts[i][level] += 1
    out: dict[str, dict[str, float]] = {}
    for i, attr in enumerate(ATTRIBUTES[kind]):
        levels = LEVELS[kind][attr]
        denom = total + smoothing * len(levels)
        out[attr] = {lv: (counts[i][lv] + smoothing) / denom for lv in levels}
    return out


def train_em(
    base: KindModel,
    vectors: Mapping[tuple[str, ...], int],
    u: Mapping[str, Mapping[str, float]] | None = None,
    iterations: int = 25,
    fixed: Iterable[str] = ("missing", "none"),
) -> tuple[KindModel, float]:
    """Re-estimate m and the match share of candidate pairs by EM (u held fixed).

    ``vectors`` counts each distinct level vector among candidate pairs. Levels named in
    ``fixed`` keep m = u (they carry no evidence either way). Returns the new model and
    the estimated share of candidate pairs that match (lambda).
    """
    attrs = ATTRIBUTES[base.kind]
    u_tab = {a: dict(u[a]) if u else {lv: w.u for lv, w in base.levels[a].items()} for a in attrs}
    m_tab = {a: {lv: w.m for lv, w in base.levels[a].items()} for a in attrs}
    lam = 0.3
    fixed_levels = set(fixed)
    items = list(vectors.items())
    for _ in range(iterations):
        m_acc: dict[str, dict[str, float]] = {a: {} for a in attrs}
        p_total = n_total = 0.0
        for vector, count in items:
            lm, lu = math.log(lam), math.log(1 - lam)
            for a, lv in zip(attrs, vector):
                lm += math.log(max(m_tab[a].get(lv, _FLOOR), _FLOOR))
                lu += math.log(max(u_tab[a].get(lv, _FLOOR), _FLOOR))
            p = 1.0 / (1.0 + math.exp(min(lu - lm, 700)))
            p_total += p * count
            n_total += count
            for a, lv in zip(attrs, vector):
                m_acc[a][lv] = m_acc[a].get(lv, 0.0) + p * count
        lam = min(max(p_total / max(n_total, 1.0), 1e-6), 1 - 1e-6)
        for a in attrs:
            mass = sum(m_acc[a].values()) or 1.0
            m_tab[a] = {lv: max(m_acc[a].get(lv, 0.0) / mass, 1e-6) for lv in LEVELS[base.kind][a]}
    levels: dict[str, dict[str, LevelWeight]] = {}
    for a in attrs:
        levels[a] = {}
        for lv in LEVELS[base.kind][a]:
            u_v = u_tab[a].get(lv, _FLOOR)
            levels[a][lv] = LevelWeight(u_v if lv in fixed_levels else m_tab[a][lv], u_v)
    trained = KindModel(base.kind, base.prior, base.link_threshold, base.merge_threshold, levels, base.tf_attributes,
                        base.reference_records, base.min_records, base.twin_share)
    return trained, lam
