"""Score a pair of records: Fellegi-Sunter weights of their levels, term-frequency adjustments, vetoes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from streams.resolve import levels as lv
from streams.resolve import rules
from streams.resolve.features import Features, FirearmFeatures, PersonFeatures, VehicleFeatures
from streams.resolve.model import KindModel
from streams.resolve.tf import TermFrequencies

SWAP_PENALTY = 1.0
"""Reading one record's given and family names the other way round costs this much evidence."""

_WEAK_NAME = frozenset({"different", "missing", "initial", "partial", "fuzzy"})


class PairScore(NamedTuple):
    """A scored pair: the levels per attribute, the total log2 odds, and a veto if a hard rule fired.

    A named tuple: scoring makes one per comparison, and a tuple is the cheapest immutable record.
    """

    total: float
    levels: tuple[str, ...]
    tf: tuple[float, ...]  # term-frequency adjustment per attribute (0 where none)
    veto: str | None = None
    swapped: bool = False
    twins: bool = False  # weighed as one person or twins (``KindModel.twin_odds``), not as the sum of levels

    @property
    def linked(self) -> bool:
        """A veto-free pair with positive odds."""
        return self.veto is None and self.total >= 0.0


def _name_tf(model: KindModel, tf: TermFrequencies, a: PersonFeatures, b: PersonFeatures,
             levels: tuple[str, ...], swapped: bool) -> tuple[float, ...]:
    given, surname = levels[0], levels[1]
    b_given, b_surnames = (b.surnames, b.given) if swapped else (b.given, b.surnames)
    g_adj = s_adj = 0.0
    if given == "exact" and "given" in model.tf_attributes:
        if len(a.given) == 1:
            rarest = a.given[0]  # "exact" means it is shared
        else:
            rarest = min((t for t in a.given if t in b_given), key=lambda t: tf.frequency("given", t))
        g_adj = tf.adjustment("given", (rarest,), model.levels["given"]["exact"].u)
    if surname in ("exact", "subset") and "surname" in model.tf_attributes:
        shared = set(a.surnames) & set(b_surnames)
        s_adj = tf.adjustment("surname", shared, model.levels["surname"][surname].u)
    a_adj = 0.0
    if levels[6] == "same" and "address" in model.tf_attributes and a.address_key == b.address_key:
        a_adj = tf.adjustment("address", (a.address_key,), model.levels["address"]["same"].u)
    return (g_adj, s_adj, 0.0, 0.0, 0.0, 0.0, a_adj)


def score_person(model: KindModel, tf: TermFrequencies, a: PersonFeatures, b: PersonFeatures,
                 prior: float) -> PairScore:
    """Score two person records, trying b's names swapped when the straight reading fails on names."""
    levels = lv.person_levels(a, b)
    swapped = False
    total = prior + model.level_sum(levels)
    if levels[0] in _WEAK_NAME and levels[1] in _WEAK_NAME:
        alt = lv.name_levels(a, b, swapped=True) + levels[2:]
        alt_total = prior + model.level_sum(alt) - SWAP_PENALTY
        if alt_total > total:
            levels, total, swapped = alt, alt_total, True
    veto = rules.person_veto(a, b, levels)
    if rules.twins(levels):
        # One person with a miswritten given name, or twins? What twins share (surnames, birth
        # date, home, and how rare those are) says nothing either way; what they do not share
        # (documents, phones) still counts. Never more than the plain sum.
        by = model.by_position
        twin_total = model.twin_odds + by[4].get(levels[4], 0.0) + by[5].get(levels[5], 0.0)
        adj = _name_tf(model, tf, a, b, levels, swapped)
        plain = total + adj[0] + adj[1] + adj[6]
        if twin_total < plain:
            return PairScore(twin_total, levels, _NO_PERSON_TF, veto, swapped, True)
        return PairScore(plain, levels, adj, veto, swapped)
    adj = _name_tf(model, tf, a, b, levels, swapped)
    return PairScore(total + adj[0] + adj[1] + adj[6], levels, adj, veto, swapped)


_NO_PERSON_TF = (0.0,) * len(lv.ATTRIBUTES["person"])
_NO_TF = {"vehicle": (0.0,) * len(lv.ATTRIBUTES["vehicle"]), "firearm": (0.0,) * len(lv.ATTRIBUTES["firearm"])}


def _score_vehicle(model: KindModel, tf: TermFrequencies, a: VehicleFeatures, b: VehicleFeatures, prior: float) -> PairScore:
    levels = lv.vehicle_levels(a, b)
    return PairScore(prior + model.level_sum(levels), levels, _NO_TF["vehicle"], rules.vehicle_veto(a, b, levels))


def _score_firearm(model: KindModel, tf: TermFrequencies, a: FirearmFeatures, b: FirearmFeatures, prior: float) -> PairScore:
    levels = lv.firearm_levels(a, b)
    return PairScore(prior + model.level_sum(levels), levels, _NO_TF["firearm"], rules.firearm_veto(a, b, levels))


Scorer = Callable[[KindModel, TermFrequencies, Any, Any, float], PairScore]
SCORERS: dict[str, Scorer] = {"person": score_person, "vehicle": _score_vehicle, "firearm": _score_firearm}
"""Kind -> its pair scorer, for callers that know both records' kind (no per-pair type dispatch)."""


def score_pair(model: KindModel, tf: TermFrequencies, a: Features, b: Features, prior: float | None = None) -> PairScore:
    """Score two records of the same kind (``prior`` defaults to the model's reference prior)."""
    if prior is None:
        prior = model.prior
    if isinstance(a, PersonFeatures) and isinstance(b, PersonFeatures):
        return score_person(model, tf, a, b, prior)
    if isinstance(a, VehicleFeatures) and isinstance(b, VehicleFeatures):
        return _score_vehicle(model, tf, a, b, prior)
    if isinstance(a, FirearmFeatures) and isinstance(b, FirearmFeatures):
        return _score_firearm(model, tf, a, b, prior)
    raise TypeError(f"cannot compare {type(a).__name__} with {type(b).__name__}")


def contributions(model: KindModel, score: PairScore) -> list[dict[str, object]]:
    """Per-attribute evidence of a scored pair: level, weight, term-frequency adjustment."""
    attrs = lv.ATTRIBUTES[model.kind]
    out: list[dict[str, object]] = [
        {"attribute": a, "level": level, "weight": round(model.weight(a, level), 2), "tf": round(adj, 2)}
        for a, level, adj in zip(attrs, score.levels, score.tf)
    ]
    if score.twins:  # the total is the twins weighing: odds plus document and phone, nothing else
        shared = {"given", "surname", "dob", "sex", "address"}
        for item in out:
            if item["attribute"] in shared:
                item["weight"] = 0.0
        out.append({"attribute": "twins", "level": "one person or twins?", "weight": round(model.twin_odds, 2),
                    "tf": 0.0})
    return out
