"""Participation codes as case systems write them: "PN1", " pn 1 ", "PN1 - Child physically
attends...", or the DfE's description alone (as the SSD's ``clar_cla_review_participation``
often holds it, sometimes cut short by the database column).
"""

from __future__ import annotations

import re

from app.domain.reviews.participation import PN_CODES, normalise_code

# "PN1", then a mark or a space, then anything on the same line: the code, then its description.
_CODE_FIRST = re.compile(
    r"[ \t]*(PN)[ \t]*([0-9])(?![0-9])[ \t]*([-\u2013\u2014:.)]|[ \t]|$)", re.I
)
# A description cut short still names one code when this many letters of it are given.
_SHORTEST_CUT = 30


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


_DESCRIPTIONS = {_letters(words): code for code, words in PN_CODES.items()}


def read_code(text: str) -> str | None:
    """The code PN0 to PN7 the cell means; None when empty; ValueError when it names none."""
    try:
        return normalise_code("".join(text.split()))
    except ValueError:
        pass
    first = _CODE_FIRST.match(text)
    if first and "\n" not in text and "\r" not in text:
        return normalise_code(first.group(1) + first.group(2))
    letters = _letters(text)
    if letters in _DESCRIPTIONS:
        return _DESCRIPTIONS[letters]
    if len(letters) >= _SHORTEST_CUT:
        cut = {code for words, code in _DESCRIPTIONS.items() if words.startswith(letters)}
        if len(cut) == 1:
            return cut.pop()
    raise ValueError(text)
