"""The demo's ground-truth check: records the truth file does not cover are said so, not counted as people."""

from __future__ import annotations

import json
from pathlib import Path

from deploy.demo import TruthCheck, truth_check


def write_truth(path: Path, rows: dict[str, str]) -> Path:
    path.write_text("".join(json.dumps({"record_key": k, "entity_id": v}) + "\n" for k, v in rows.items()))
    return path


def test_records_of_one_simulated_person(tmp_path: Path) -> None:
    truth = write_truth(tmp_path / "truth.jsonl", {"police/1": "p-1", "customs/7": "p-1", "police/2": "p-2"})
    check = truth_check({"records": [{"record_key": "police/1"}, {"record_key": "customs/7"}]}, truth)
    assert check == TruthCheck(entities=1, unknown=0)
    assert check.sentence(2) == "Ground truth check: its 2 records are all one simulated person."


def test_two_people_and_records_from_an_earlier_run(tmp_path: Path) -> None:
    truth = write_truth(tmp_path / "truth.jsonl", {"police/1": "p-1", "police/2": "p-2"})
    records = [{"record_key": k} for k in ("police/1", "police/2", "police/old-1", "immigration/old-2")]
    check = truth_check({"records": records}, truth)
    assert check == TruthCheck(entities=2, unknown=2)  # before: 4 "different simulated entities"
    assert check.sentence(4) == ("Ground truth check: of its 4 records, the 2 from this run's simulation are 2 different "
                                 "simulated entities; 2 came from earlier data on this stack, which this run's truth "
                                 "file does not cover.")


def test_no_record_from_this_run(tmp_path: Path) -> None:
    truth = write_truth(tmp_path / "truth.jsonl", {"police/1": "p-1"})
    check = truth_check({"records": [{"record_key": "police/old-1"}]}, truth)
    assert check == TruthCheck(entities=0, unknown=1)
    assert "none of its 1 records is from this run's simulation" in check.sentence(1)
