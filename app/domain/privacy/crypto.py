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

from app.config import MAKE_A_KEY, UnsafeConfig

KEYS_VARIABLE = "MYSAY_DATA_KEYS"
KEY_FILE_VARIABLE = "MYSAY_DATA_KEY_FILE"
DEV_KEY_FILE = "data.key"

_fernet: MultiFernet | None = None


class KeysMissing(RuntimeError):
    """No data keys: encrypted columns can be neither written nor read."""


class KeysUnusable(UnsafeConfig):
    """A data key setting names a file that is missing, unreadable or empty, or a value that is
    no key. Its message names the setting and how to make a key, never a key itself."""


def keys_from_environment(instance_dir: Path, allow_dev_key: bool) -> list[str]:
    """The data keys, newest first, from the environment, a key file, or the development key;
    each checked to be a Fernet key, so that a wrong one stops the app at once with a sentence
    (``KeysUnusable``) instead of failing at the first answer."""
    places = _keys_with_places(instance_dir, allow_dev_key)
    for place, key in places:
        if not _is_key(key):
            raise KeysUnusable(place.problem(f"its {place.position} is not a key"))
    return [key for _, key in places]


def _is_key(text: str) -> bool:
    # Fernet's base64 decoding skips characters outside its alphabet, so a key with a stray
    # non-ASCII character would pass as another key than the one written.
    if not text.isascii():
        return False
    try:
        Fernet(text.encode("ascii"))
    except ValueError:
        return False
    return True


class _Place:
    """Which setting a key came from, and where in it, to say so when it cannot be used."""

    def __init__(self, setting: str, path: Path | None = None, position: str = "") -> None:
        self.setting, self.path, self.position = setting, path, position

    def problem(self, what_is_wrong: str) -> str:
        if self.setting == KEYS_VARIABLE:
            return (
                f"{KEYS_VARIABLE} is set but {what_is_wrong}: set it to keys made by "
                f"`{MAKE_A_KEY}`, comma-separated and newest first, kept outside the database "
                "and its backups."
            )
        named = (
            f"{KEY_FILE_VARIABLE} names {self.path}"
            if self.setting == KEY_FILE_VARIABLE
            else f"The development key file is {self.path}"
        )
        return (
            f"{named} but {what_is_wrong}: it must hold the keys that encrypt children's answers "
            f"and names, one a line and newest first, each made by `{MAKE_A_KEY}`, and be kept "
            "outside the database and its backups."
        )


def _keys_with_places(instance_dir: Path, allow_dev_key: bool) -> list[tuple[_Place, str]]:
    listed = os.environ.get(KEYS_VARIABLE, "").strip()
    if listed:
        keys = [k.strip() for k in listed.split(",") if k.strip()]
        return [(_Place(KEYS_VARIABLE, position=f"value {n}"), k) for n, k in enumerate(keys, 1)]
    key_file = os.environ.get(KEY_FILE_VARIABLE, "").strip()
    if key_file:
        return _keys_in_file(_Place(KEY_FILE_VARIABLE, Path(key_file)))
    if not allow_dev_key:
        return []
    path = instance_dir / DEV_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(Fernet.generate_key().decode() + "\n", encoding="ascii")
        path.chmod(0o600)
    return _keys_in_file(_Place(DEV_KEY_FILE, path))[:1]


def _keys_in_file(file: _Place) -> list[tuple[_Place, str]]:
    try:
        lines = file.path.read_bytes().splitlines()
    except FileNotFoundError:
        raise KeysUnusable(file.problem("that file does not exist")) from None
    except OSError as error:
        reason = (error.strerror or "unreadable").lower()
        raise KeysUnusable(file.problem(f"that file cannot be read ({reason})")) from None
    found = []
    for number, raw in enumerate(lines, 1):
        # Not decoded strictly: a line that is not ASCII is refused as a key with its line number
        # (never echoed), rather than failing the whole read.
        line = raw.decode("ascii", errors="replace").strip()
        if line and not line.startswith("#"):
            found.append((_Place(file.setting, file.path, f"line {number}"), line))
    if not found:
        raise KeysUnusable(file.problem("that file holds no key"))
    return found


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
