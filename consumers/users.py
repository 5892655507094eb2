"""The users file: API keys (stored as SHA-256 hashes, never in clear) -> user, agency and clearance.

::

    users:
      - user: ana
        agency: police
        clearance: CONFIDENTIAL
        key_sha256: 5e88...   # enlace api-key ana --agency police --clearance CONFIDENTIAL prints a key and this line

API keys are random 256-bit tokens, so one unsalted SHA-256 is enough to keep them out of the
file (a password would need a slow salted hash; a key with 256 bits of entropy does not).
YAML or JSON (JSON is YAML).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from consumers.access import HANDLING, Viewer
from deploy.settings import AGENCIES
from schemas.errors import EnlaceError


class UsersFileError(EnlaceError):
    """The users file is missing, unreadable or invalid."""


def hash_key(key: str) -> str:
    """The hex SHA-256 of an API key, as the users file stores it."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> str:
    """A fresh API key (43 URL-safe characters, 256 bits)."""
    return secrets.token_urlsafe(32)


class User(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    user: str = Field(min_length=1)
    agency: str
    clearance: str
    key_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")

    @field_validator("agency")
    @classmethod
    def _agency(cls, value: str) -> str:
        if value not in AGENCIES:
            raise ValueError(f"unknown agency {value!r}; one of {', '.join(AGENCIES)}")
        return value

    @field_validator("clearance")
    @classmethod
    def _clearance(cls, value: str) -> str:
        if value.upper() not in HANDLING:
            raise ValueError(f"unknown clearance {value!r}; one of {', '.join(HANDLING)}")
        return value.upper()

    @property
    def viewer(self) -> Viewer:
        return Viewer(self.user, self.agency, self.clearance)


class Users:
    """The users of one file, looked up by key (constant-time compare) or by name."""

    def __init__(self, users: Iterable[User]) -> None:
        self.users = list(users)
        names = [u.user for u in self.users]
        duplicated = sorted({n for n in names if names.count(n) > 1})
        if duplicated:
            raise UsersFileError(f"users named more than once: {', '.join(duplicated)}")

    def authenticate(self, key: str | None) -> Viewer | None:
        """The viewer whose key this is, or None (no key, or no user with it)."""
        if not key:
            return None
        digest = hash_key(key)
        found = None
        for user in self.users:  # compare with every entry so timing does not tell how far the key got
            if hmac.compare_digest(user.key_sha256, digest):
                found = user
        return found.viewer if found else None

    def named(self, name: str) -> Viewer | None:
        """The viewer of the user called ``name`` (the CLI's ``--as``), or None."""
        return next((u.viewer for u in self.users if u.user == name), None)


def parse_users(data: object) -> Users:
    """Users from the parsed file (a mapping with a ``users`` list)."""
    from pydantic import ValidationError

    if not isinstance(data, dict) or not isinstance(data.get("users"), list):
        raise UsersFileError("the users file must be a mapping with a 'users' list")
    try:
        return Users(User.model_validate(entry) for entry in data["users"])
    except ValidationError as exc:
        raise UsersFileError(f"invalid users file: {exc}") from exc


def load_users(path: str | Path | None) -> Users:
    """Read and validate the users file at ``path`` (``settings.api.users_file``)."""
    import yaml

    if path is None:
        raise UsersFileError("no users file configured: set ENLACE_API__USERS_FILE (see deploy/config/users.sample.yaml)")
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise UsersFileError(f"cannot read the users file {path}: {exc}") from exc
    return parse_users(data)


def user_entry(user: str, agency: str, clearance: str, key: str) -> dict[str, str]:
    """The users-file entry for ``user`` holding ``key`` (validated)."""
    return User(user=user, agency=agency, clearance=clearance, key_sha256=hash_key(key)).model_dump()
