"""Words of harm in the other languages of the booklets, so that they are not missed as "not urgent".

The themes lexicon and the classifier read English. A child new to English may write "Chcę się
zabić" or "أبي يضربني" in any booklet, and before this nothing but a person reading it later that
day could see the harm. Each file in ``lexicons/urgent/`` (``pl.yaml``, ``ar.yaml``, ...) lists
the core ways a child says they are at risk of harm now, in that language. They are written in
the same way as ``en.yaml`` (terms, groups of harm, ``not_urgent`` idioms) but hold only
``urgent`` and ``not_urgent``: the themes stay English-only, because a themes list needs a
speaker of the language to write well, and a wrong theme costs little while missed harm costs
a lot. The files' letters and the answer's are folded alike (``terms.fold``) so that an answer
typed without diacritics, or on another script's keyboard, still matches.

Which files are read for an answer:

- the booklet's (or the command's ``--language``) own file, always;
- every file, when the answer does not read as English (``readable.reads_as_english``): a child
  in an English booklet, or in a Polish one, may write in the language they know best.

An answer none of them matches is unchanged: in the app it is still read today by a person.
Negation is written in each file's ``not_urgent: idioms`` ("nie bije mnie", he doesn't hit me),
only where the negation word comes straight before the verb, and it clears only the words in its
own clause: "Nie, bije mnie" (No, he hits me) is urgent. Anywhere else a negation clears nothing:
a false alarm is read by a person, a missed disclosure is not. An urgent phrase is found anywhere
in the answer (a pattern tied to its start or end is refused). See lexicons/urgent/README.md.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from app.domain.themes.lexicon import load_lexicon
from app.domain.themes.terms import LexiconError
from app.domain.themes.vocabulary import THEMES, URGENT, Classification

URGENT_DIR = Path(__file__).resolve().parent / "lexicons" / "urgent"
_CODE = re.compile(r"[a-z]{2,3}")


def urgent_languages() -> list[str]:
    """The languages that have a file of urgent words, besides English."""
    return sorted(path.stem for path in URGENT_DIR.glob("*.yaml"))


def urgent_language(language: str | None) -> str | None:
    """The language of the urgent words file for a booklet's language ("fa_AF" uses fa), or None."""
    code = (language or "").strip().lower().replace("_", "-").split("-")[0]
    if _CODE.fullmatch(code) and (URGENT_DIR / f"{code}.yaml").is_file():
        return code
    return None


@lru_cache(maxsize=64)
def urgent_lexicon(language: str):
    """The compiled urgent words of one language; a mistake in its file raises LexiconError."""
    lexicon = load_lexicon(URGENT_DIR / f"{language}.yaml", folded=True)
    if lexicon.themes.single or lexicon.themes.phrases or lexicon.themes.prefixed:
        raise LexiconError(f"{language}.yaml: holds only urgent and not_urgent words, no themes.")
    return lexicon


def clear_cache() -> None:
    urgent_lexicon.cache_clear()


def check_urgent(text: str, language: str | None, in_english: bool) -> Classification | None:
    """The first classification by another language's urgent words that finds harm, else None.

    ``language`` is the booklet's; ``in_english`` whether the answer reads as English.
    """
    own = urgent_language(language)
    codes = [own] if own else []
    if not in_english:
        codes += [code for code in urgent_languages() if code != own]
    for code in codes:
        found = urgent_lexicon(code).classify(text)
        if found.urgent:
            return found
    return None


def add_urgent(result: Classification, found: Classification | None) -> None:
    """Another language's words found harm: the answer is urgent, with their themes and quotes."""
    if found is None:
        return
    order = list(THEMES).index
    result.urgent = True
    result.themes = sorted({*result.themes, *found.themes}, key=order)
    evidence = {label: list(quotes) for label, quotes in result.evidence.items()}
    for label, quotes in found.evidence.items():
        evidence.setdefault(label, []).extend(q for q in quotes if q not in evidence[label])
    result.evidence = {label: evidence[label] for label in [*result.themes, URGENT]}
