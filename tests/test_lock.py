"""The lock files pin, with hashes, every dependency pyproject.toml names."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def pinned(lock: Path) -> dict[str, str]:
    return {
        canonicalize_name(name): version
        for name, version in re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)", lock.read_text(), re.M)
    }


@pytest.mark.parametrize(
    ("lock", "requirements"),
    [
        ("main.txt", PROJECT["dependencies"]),
        ("test.txt", PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"]),
    ],
)
def test_every_dependency_is_pinned_within_its_range(lock, requirements):
    versions = pinned(ROOT / "requirements" / lock)
    for line in requirements:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in versions, (
            f"{requirement.name} is not in requirements/{lock}: run pip-compile"
        )
        assert requirement.specifier.contains(versions[name], prereleases=True), (
            f"requirements/{lock} pins {name}=={versions[name]}, outside {requirement.specifier}"
        )


def test_every_pin_carries_a_hash():
    for lock in ("main.txt", "test.txt"):
        text = (ROOT / "requirements" / lock).read_text()
        for block in re.split(r"\n(?=[A-Za-z0-9])", text):
            if "==" in block.split("\n", 1)[0]:
                assert "--hash=sha256:" in block, block.split("\n", 1)[0]
