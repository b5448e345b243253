"""A data key setting that cannot be used stops the app and every command with one sentence
naming the setting, what is wrong and how to make a key: never a traceback, never the key."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from app import create_app
from app.config import MAKE_A_KEY, ProductionConfig, UnsafeConfig

ROOT = Path(__file__).resolve().parent.parent
STRONG = "k" * 16 + "Qz8-3nV_pL0sXc2R9tYw"
# Looks like a key to a reader and must never be printed back.
NOT_A_KEY = "s3cr3t-but-not-a-fernet-key"


def _key_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Each unusable key file, with the words saying what is wrong with it."""
    empty = tmp_path / "empty.key"
    empty.write_text("")
    comments = tmp_path / "comments.key"
    comments.write_text("# the key goes below\n\n")
    malformed = tmp_path / "malformed.key"
    malformed.write_text(f"{Fernet.generate_key().decode()}\n{NOT_A_KEY}\n")
    not_ascii = tmp_path / "not-ascii.key"
    not_ascii.write_bytes(Fernet.generate_key()[:-2] + "é=\n".encode())
    folder = tmp_path / "a-folder"
    folder.mkdir()
    return {
        "missing": (tmp_path / "nowhere.key", "does not exist"),
        "empty": (empty, "holds no key"),
        "comments only": (comments, "holds no key"),
        "malformed": (malformed, "line 2 is not a key"),
        "not ascii": (not_ascii, "line 1 is not a key"),
        "unreadable": (folder, "cannot be read"),
    }


@pytest.mark.parametrize(
    "case", ["missing", "empty", "comments only", "malformed", "not ascii", "unreadable"]
)
def test_production_refuses_an_unusable_key_file_in_one_sentence(monkeypatch, tmp_path, case):
    path, wrong = _key_files(tmp_path)[case]
    monkeypatch.setenv("MYSAY_ENV", "production")
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", STRONG)
    monkeypatch.delenv("MYSAY_DATA_KEYS", raising=False)
    monkeypatch.setenv("MYSAY_DATA_KEY_FILE", str(path))
    with pytest.raises(UnsafeConfig) as refused:
        create_app()
    message = str(refused.value)
    assert message.startswith(f"MYSAY_DATA_KEY_FILE names {path} ")
    assert wrong in message and MAKE_A_KEY in message
    assert NOT_A_KEY not in message and "\n" not in message


def test_development_refuses_an_empty_key_file_instead_of_failing_at_the_first_answer(
    monkeypatch, tmp_path
):
    path, _ = _key_files(tmp_path)["empty"]
    monkeypatch.setenv("MYSAY_ENV", "development")
    monkeypatch.delenv("MYSAY_DATA_KEYS", raising=False)
    monkeypatch.setenv("MYSAY_DATA_KEY_FILE", str(path))
    with pytest.raises(UnsafeConfig, match="MYSAY_DATA_KEY_FILE .* holds no key"):
        create_app()


def test_a_value_in_data_keys_that_is_no_key_is_named_by_its_place_not_shown(monkeypatch):
    monkeypatch.setenv("MYSAY_ENV", "production")
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", STRONG)
    monkeypatch.setenv("MYSAY_DATA_KEYS", f"{Fernet.generate_key().decode()}, {NOT_A_KEY}")
    with pytest.raises(UnsafeConfig, match="MYSAY_DATA_KEYS is set but its value 2 is not a key"):
        create_app()
    try:
        create_app()
    except UnsafeConfig as refused:
        assert NOT_A_KEY not in str(refused) and MAKE_A_KEY in str(refused)


def test_a_key_file_of_good_keys_still_starts_production(monkeypatch, tmp_path):
    newest, older = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    path = tmp_path / "keys"
    path.write_text(f"# newest first\n{newest}\n  {older}  \n")
    monkeypatch.setenv("MYSAY_ENV", "production")
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", STRONG)
    monkeypatch.setattr(ProductionConfig, "SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path}/p.db")
    monkeypatch.delenv("MYSAY_DATA_KEYS", raising=False)
    monkeypatch.setenv("MYSAY_DATA_KEY_FILE", str(path))
    assert create_app().config["DATA_KEYS"] == [newest, older]


def _flask(*args: str, **env: str) -> subprocess.CompletedProcess:
    settings = {k: v for k, v in os.environ.items() if not k.startswith("MYSAY_")} | env
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=settings,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("case", ["missing", "malformed"])
def test_a_flask_command_stops_with_the_sentence_and_no_traceback(tmp_path, case):
    path, wrong = _key_files(tmp_path)[case]
    result = _flask("import-reviews", str(tmp_path / "reviews.csv"), MYSAY_DATA_KEY_FILE=str(path))
    assert result.returncode == 1
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"MYSAY_DATA_KEY_FILE names {path} ") and wrong in line
    assert "Traceback" not in result.stderr and NOT_A_KEY not in result.stderr


def test_production_without_keys_says_so_on_the_command_line_too():
    result = _flask("routes", MYSAY_ENV="production", SECRET_KEY=STRONG)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("MYSAY_ENV=production needs the keys")
