"""Score a clustering against ground truth: pairwise precision/recall/F1, B-cubed F1, ceilings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from streams.resolve.normalize.firearms import normalize_serial
from streams.resolve.normalize.vins import normalize_vin


@dataclass(frozen=True, slots=True)
class Scores:
    """Pairwise and B-cubed quality of a predicted clustering."""

    precision: float
    recall: float
    f1: float
    bcubed_f1: float
    records: int
    true_pairs: int
    predicted_pairs: int

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "bcubed_f1": round(self.bcubed_f1, 4), "records": self.records, "true_pairs": self.true_pairs,
                "predicted_pairs": self.predicted_pairs}


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_clustering(predicted: Mapping[str, str], truth: Mapping[str, str]) -> Scores:
    """Compare record -> predicted cluster with record -> true cluster (over the records in ``truth``)."""
    keys = [k for k in truth if k in predicted]
    both = Counter((predicted[k], truth[k]) for k in keys)
    pred_sizes = Counter(predicted[k] for k in keys)
    true_sizes = Counter(truth[k] for k in keys)
    tp = sum(_pairs(n) for n in both.values())
    pp = sum(_pairs(n) for n in pred_sizes.values())
    tt = sum(_pairs(n) for n in true_sizes.values())
    precision = tp / pp if pp else 1.0
    recall = tp / tt if tt else 1.0
    bp = br = 0.0
    for (p, t), n in both.items():
        bp += n * n / pred_sizes[p]
        br += n * n / true_sizes[t]
    total = len(keys) or 1
    return Scores(precision, recall, _f1(precision, recall), _f1(bp / total, br / total), len(keys), tt, pp)


def unresolvable(record: Mapping[str, Any]) -> bool:
    """Records no resolver can place: vehicles with no plate or VIN, guns with < 3 readable serial characters."""
    kind = record.get("kind")
    if kind == "vehicle":
        return not (record.get("plate") or "").strip() and normalize_vin(record.get("vin")) is None
    if kind == "firearm":
        serial = normalize_serial(record.get("serial_number")) if record.get("serial_number") else None
        return serial is None or serial.readable < 3
    return False


def ceiling(records: Sequence[Mapping[str, Any]], truth: Mapping[str, str],
            is_unresolvable: Callable[[Mapping[str, Any]], bool] = unresolvable) -> Scores:
    """The scores of a perfect resolver that must leave unresolvable records single."""
    perfect = {}
    for r in records:
        rid = str(r["record_id"])
        perfect[rid] = f"single:{rid}" if is_unresolvable(r) else truth[rid]
    return score_clustering(perfect, {str(r["record_id"]): truth[str(r["record_id"])] for r in records})
