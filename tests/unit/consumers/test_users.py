"""The users file: hashed API keys -> user, agency and clearance."""

from __future__ import annotations

from pathlib import Path

import pytest

from consumers.access import Viewer
from consumers.users import UsersFileError, hash_key, load_users, new_key, parse_users, user_entry

SAMPLE = Path(__file__).resolve().parents[3] / "deploy" / "config" / "users.sample.yaml"


def test_sample_file_keys_authenticate_and_are_stored_hashed() -> None:
    users = load_users(SAMPLE)
    assert users.authenticate("sample-key-ana") == Viewer("ana", "police", "CONFIDENTIAL")
    assert users.authenticate("sample-key-carla") == Viewer("carla", "prosecutions", "SECRET")
    for bad in (None, "", "sample-key-", "SAMPLE-KEY-ANA", hash_key("sample-key-ana")):
        assert users.authenticate(bad) is None
    assert users.named("ben") == Viewer("ben", "licensing", "RESTRICTED") and users.named("nobody") is None


def test_new_keys_are_long_and_distinct_and_entries_round_trip() -> None:
    a, b = new_key(), new_key()
    assert a != b and len(a) >= 43
    users = parse_users({"users": [user_entry("zoe", "customs", "restricted", a)]})
    assert users.authenticate(a) == Viewer("zoe", "customs", "RESTRICTED") and users.authenticate(b) is None


@pytest.mark.parametrize(("data", "message"), [
    ({"users": [{"user": "x", "agency": "cia", "clearance": "SECRET", "key_sha256": "0" * 64}]}, "unknown agency"),
    ({"users": [{"user": "x", "agency": "police", "clearance": "TOP", "key_sha256": "0" * 64}]}, "unknown clearance"),
    ({"users": [{"user": "x", "agency": "police", "clearance": "SECRET", "key": "plain"}]}, "invalid users file"),
    ({"users": [{"user": "x", "agency": "police", "clearance": "SECRET", "key_sha256": "0" * 64}] * 2}, "more than once"),
    ({"people": []}, "'users' list"),
    ([], "'users' list"),
])
def test_invalid_files_are_refused(data: object, message: str) -> None:
    with pytest.raises(UsersFileError, match=message):
        parse_users(data)


def test_missing_or_unset_file(tmp_path: Path) -> None:
    with pytest.raises(UsersFileError, match="ENLACE_API__USERS_FILE"):
        load_users(None)
    with pytest.raises(UsersFileError, match="cannot read"):
        load_users(tmp_path / "absent.yaml")
    (tmp_path / "u.json").write_text('{"users": []}')
    assert load_users(tmp_path / "u.json").users == []
