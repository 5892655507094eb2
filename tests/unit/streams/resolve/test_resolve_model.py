"""The Fellegi-Sunter model: config validation, population-scaled prior, EM on synthetic pairs."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from streams.resolve.levels import ATTRIBUTES, LEVELS
from streams.resolve.model import load_model, model_from_dict, train_em


def test_bundled_model_covers_every_level_and_orders_weights() -> None:
    model = load_model()
    for kind, km in model.items():
        for attr in ATTRIBUTES[kind]:
            assert set(km.levels[attr]) == set(LEVELS[kind][attr]), (kind, attr)
    person = model["person"]
    assert person.weight("dob", "exact") > person.weight("dob", "year_only") > 0 > person.weight("dob", "different")
    assert person.weight("given", "missing") == 0.0


def test_prior_falls_one_bit_per_doubling() -> None:
    km = load_model()["person"]
    assert km.prior_at(km.reference_records * 2) == pytest.approx(km.prior - 1)
    assert km.prior_at(1) == km.prior_at(km.min_records)


def test_unknown_levels_are_rejected() -> None:
    with pytest.raises(ValueError):
        model_from_dict({"person": {"prior": 0, "link_threshold": 0, "merge_threshold": 0,
                                    "levels": {"given": {"bogus": {"m": 0.5, "u": 0.5}}}}})


def test_em_recovers_match_share_and_agreement_weights() -> None:
    base = load_model()["firearm"]
    rng = random.Random(1)
    vectors: Counter[tuple[str, ...]] = Counter()
    for _ in range(5000):
        if rng.random() < 0.3:  # matches mostly agree
            v = ("exact" if rng.random() < 0.9 else "missing", "same", "same", "same", "same")
        else:
            v = ("different" if rng.random() < 0.95 else "missing", rng.choice(["same", "different"]),
                 "different", "different", rng.choice(["same", "different"]))
        vectors[v] += 1
    u = {a: {lv: 1.0 / len(LEVELS["firearm"][a]) for lv in LEVELS["firearm"][a]} for a in ATTRIBUTES["firearm"]}
    u["serial"] = {**u["serial"], "exact": 0.001, "different": 0.9}
    trained, share = train_em(base, vectors, u)
    assert share == pytest.approx(0.3, abs=0.03)
    assert trained.weight("serial", "exact") > 5 > trained.weight("serial", "different")
