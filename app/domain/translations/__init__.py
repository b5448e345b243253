"""The translation catalogues under ``translations/``: which languages the service offers, and
extracting, updating and compiling the catalogues with Babel.

Two templates are made from the sources: ``messages.pot`` (everything, from ``babel.cfg``) and
``children.pot`` (what a child, a parent or a carer reads, from ``children.cfg``). A language is
offered to children only when its catalogue translates every string of ``children.pot``: half a
booklet in English is worse than choosing English, so an unfinished catalogue is kept out of
``LANGUAGES`` instead of showing a child a mixture. Compiled ``.mo`` files are built at install
(``flask translate compile``), never committed.
"""

from __future__ import annotations

import functools
from pathlib import Path

from babel import Locale
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
TRANSLATIONS_DIR = ROOT / "translations"
DOMAIN = "messages"

# Every language a council's children in care are likely to speak (see translations/README.md).
REQUIRED = (
    "cy", "ar", "fa", "fa_AF", "ps", "ckb", "ti", "am",
    "so", "ur", "uk", "pl", "ro", "sq", "vi", "pt",
)  # fmt: skip
# Languages whose translations have not arrived yet: listed here, in translations/README.md, and
# never offered to a child until their catalogue is complete (tests/test_translations.py).
PENDING: frozenset[str] = frozenset()
# Babel calls Dari "Persian (Afghanistan)"; people who speak it look for its own name.
OWN_NAMES = {"fa_AF": "دری"}


# Every booklet page names all the languages in the switch; Babel's locale data is slow to ask.
@functools.cache
def display_name(code: str) -> str:
    """A language named in its own script ("العربية", "Cymraeg"), as a reader of it looks for it."""
    if code in OWN_NAMES:
        return OWN_NAMES[code]
    locale = Locale.parse(code)
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]


def is_rtl(code: str) -> bool:
    return Locale.parse(code).character_order == "right-to-left"


def po_path(code: str, directory: Path = TRANSLATIONS_DIR) -> Path:
    return directory / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(code: str, directory: Path = TRANSLATIONS_DIR) -> Path:
    return directory / code / "LC_MESSAGES" / f"{DOMAIN}.mo"


def msgids(pot: Path) -> set:
    """The msgids of a template (a plural's id is its singular)."""
    with pot.open("rb") as f:
        return {_key(m.id) for m in read_po(f) if m.id}


def _key(msgid) -> str:
    return msgid[0] if isinstance(msgid, tuple | list) else msgid


def untranslated(catalogue, wanted: set) -> set:
    """The wanted msgids a catalogue (read with read_po or read_mo) leaves empty or fuzzy."""
    done = set()
    for message in catalogue:
        if not message.id or message.fuzzy:
            continue
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        if all(s for s in strings):
            done.add(_key(message.id))
    return wanted - done


@functools.lru_cache(maxsize=64)
def _complete_mo(path: str, mtime: float, pot: str, pot_mtime: float) -> bool:
    with open(path, "rb") as f:
        return not untranslated(read_mo(f), msgids(Path(pot)))


def offered_languages(directory: Path = TRANSLATIONS_DIR) -> list[str]:
    """English, then every required language whose compiled catalogue is complete for children."""
    pot = directory / "children.pot"
    if not pot.exists():
        return ["en"]
    offered = ["en"]
    for code in REQUIRED:
        mo = mo_path(code, directory)
        if code in PENDING or not mo.exists():
            continue
        if _complete_mo(str(mo), mo.stat().st_mtime, str(pot), pot.stat().st_mtime):
            offered.append(code)
    return offered


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract(directory: Path = TRANSLATIONS_DIR, out: Path | None = None) -> tuple[Path, Path]:
    """Write ``messages.pot`` and ``children.pot`` (into ``out``, the catalogue folder if None)."""
    out = out or directory
    made = []
    for cfg, pot in (("babel.cfg", "messages.pot"), ("children.cfg", "children.pot")):
        target = out / pot
        # Locations and dates change with every edit; without them the templates change only
        # when the words do, so a stale template shows in a diff and in the tests.
        _pybabel(
            "extract", "-F", str(directory / cfg), "-k", "_l", "-k", "lazy_gettext", "--no-location",
            "--omit-header", "--sort-output", "-o", str(target), str(ROOT),
        )  # fmt: skip
        made.append(target)
    return made[0], made[1]


def update(directory: Path = TRANSLATIONS_DIR) -> list[str]:
    """Merge every catalogue with ``messages.pot``: new strings empty, gone strings dropped."""
    codes = [c for c in REQUIRED if po_path(c, directory).exists()]
    for code in codes:
        _pybabel(
            "update", "-i", str(directory / "messages.pot"), "-d", str(directory),
            "-l", code, "--no-fuzzy-matching", "--ignore-obsolete", "-w", "100",
        )  # fmt: skip
    return codes


def compile_catalogues(directory: Path = TRANSLATIONS_DIR) -> list[str]:
    """Compile each ``.po`` whose ``.mo`` is missing or older; returns the languages compiled."""
    compiled = []
    for code in REQUIRED:
        po, mo = po_path(code, directory), mo_path(code, directory)
        if not po.exists():
            continue
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as f:
            catalogue = read_po(f, locale=code)
        tmp = mo.with_suffix(".mo.tmp")
        with tmp.open("wb") as f:
            write_mo(f, catalogue)
        tmp.replace(mo)  # a running app never reads half a file
        compiled.append(code)
    return compiled
