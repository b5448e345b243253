"""Encryption at rest of what children wrote, their names and contact details.

Columns typed ``EncryptedText`` or ``EncryptedJSON`` hold Fernet tokens (AES-128-CBC with an
HMAC, from ``cryptography``). The keys never live in the database: ``MYSAY_DATA_KEYS`` holds
them comma-separated, newest first, or ``MYSAY_DATA_KEY_FILE`` names a file with one a line.
A copy of the database, or a backup of it, is unreadable without them.

MultiFernet encrypts with the first key and decrypts with any, so a key is rotated by putting a
new one first, running ``flask --app wsgi keys rotate`` (every value is re-encrypted with it),
then dropping the old one. Development on the embedded SQLite database generates a key into
``instance/data.key`` on first run; production refuses to start without keys.

What stays in clear, because the database must compare or count it: the child's case reference
(imports match on it), dates, participation codes, and choice answers (option keys and numbers,
counted by the reports in SQL); free-text answers, where a child's own words are, are encrypted.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import LargeBinary, Text
from sqlalchemy.types import TypeDecorator

KEYS_VARIABLE = "MYSAY_DATA_KEYS"
KEY_FILE_VARIABLE = "MYSAY_DATA_KEY_FILE"
DEV_KEY_FILE = "data.key"

_fernet: MultiFernet | None = None


class KeysMissing(RuntimeError):
    """No data keys: encrypted columns can be neither written nor read."""


def keys_from_environment(instance_dir: Path, allow_dev_key: bool) -> list[str]:
    """The data keys, newest first, from the environment, a key file, or the development key."""
    listed = os.environ.get(KEYS_VARIABLE, "").strip()
    if listed:
        return [k.strip() for k in listed.split(",") if k.strip()]
    key_file = os.environ.get(KEY_FILE_VARIABLE, "").strip()
    if key_file:
        lines = Path(key_file).read_text(encoding="ascii").splitlines()
        return [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    if not allow_dev_key:
        return []
    path = instance_dir / DEV_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(Fernet.generate_key().decode() + "\n", encoding="ascii")
        path.chmod(0o600)
    return [path.read_text(encoding="ascii").strip()]


def configure(keys: list[str]) -> None:
    """Use these keys (newest first) for every encrypted column from now on."""
    global _fernet
    _fernet = MultiFernet([Fernet(key.encode()) for key in keys]) if keys else None


def fernet() -> MultiFernet:
    if _fernet is None:
        raise KeysMissing(
            f"No data keys: set {KEYS_VARIABLE} or {KEY_FILE_VARIABLE} (see SECURITY.md)."
        )
    return _fernet


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise KeysMissing(
            "A value cannot be decrypted with the configured data keys: is an old key missing "
            f"from {KEYS_VARIABLE}?"
        ) from None


def rotate(token: str) -> str:
    """The same value encrypted with the newest key."""
    return fernet().rotate(token.encode("ascii")).decode("ascii")


class EncryptedText(TypeDecorator):
    """A text column stored as a Fernet token."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else encrypt(str(value))

    def process_result_value(self, value, dialect):
        return None if value is None else decrypt(value)


class EncryptedJSON(TypeDecorator):
    """A JSON value (list, dict, number, text) stored as a Fernet token of its JSON text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else encrypt(json.dumps(value, ensure_ascii=False))

    def process_result_value(self, value, dialect):
        return None if value is None else json.loads(decrypt(value))


class EncryptedBytes(TypeDecorator):
    """A binary value (an uploaded file, a built PDF) stored as a Fernet token."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else fernet().encrypt(bytes(value))

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        try:
            return fernet().decrypt(bytes(value))
        except InvalidToken:
            raise KeysMissing(
                "A file cannot be decrypted with the configured data keys: is an old key missing "
                f"from {KEYS_VARIABLE}?"
            ) from None
