"""How lexicon terms are written, and how they are found among an answer's words.

The themes engine (``app/domain/themes.py``) reads a lexicon file and gives each term to a
:class:`TermMatcher`: one for the themes, one for urgent. Matching works on words rather than
characters, so that a lexicon of a thousand terms costs a few dictionary look-ups per word.

A term is plain words:

- ``foster carer``: these words one after another; each word also matches its simple endings
  (carers, hits, hitting, bullied, ...) and punctuation between words is ignored;
- ``hit|punch*|slap``: any of these single words in that place; ``punch*`` is any word starting
  ``punch``;
- ``=pa``: exactly this word, no endings (words shorter than three letters never get endings);
- ``...``: up to three other words in between (``gives me ... money``);
- ``[on my own|alone|by myself]``: any of these, each one word or several, in that place
  (``left [on my own|alone] at night``); each word in it gets its endings too. In a YAML list a
  term that starts with ``[`` must be quoted;
- ``re:PATTERN``: a regular expression, matched against the answer as lower-case words separated
  by single spaces, with apostrophes and punctuation removed and spellings corrected.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_GAP = 3
_PART = re.compile(r"\[[^\]]*\]|\S+")
TOKEN = re.compile(r"£[\d.,]*\d|[^\W_]+(?:'[^\W_]+)*")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_VOWELS = set("aeiou")
_MAX_REMEMBERED_WORDS = 200_000


class LexiconError(ValueError):
    """A lexicon file cannot be used; the message says which file and what is wrong."""


def normalise(text: str) -> str:
    """Lower case with straight apostrophes; one character for one, so positions still hold."""
    return text.translate(_QUOTES).lower()


# Letters children type either way in the languages of the booklets: a keyboard without Polish or
# Vietnamese letters, an Arabic keyboard for Persian or Urdu (ي for ی, ك for ک, ه for ہ or ة),
# tatweel stretching a word, a zero-width non-joiner or none in Persian "می‌خوام".
_FOLDED = str.maketrans(
    {
        "ł": "l", "đ": "d", "ø": "o", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe",
        "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي", "ێ": "ي", "ے": "ي",
        "ک": "ك", "ګ": "گ", "ة": "ه", "ہ": "ه", "ھ": "ه", "ە": "ه", "ۀ": "ه",
        "ٱ": "ا", "ـ": None, "\u200c": None, "\u200d": None, "\u200f": None, "\u200e": None,
    }
)  # fmt: skip


def fold(text: str) -> str:
    """:func:`normalise`, and letters written without their marks and in one form of each.

    For the lexicons of other languages (``lexicons/urgent/``): a child may leave out the
    diacritics ("chce sie zabic" for "chcę się zabić") or type on another script's keyboard, and
    the lexicon's words are folded the same way, so either spelling matches. English lexicons are
    not folded: "café" is already matched as typed.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.lower().translate(_FOLDED)


def word_key(token: str) -> str:
    """The form a word is looked up in: children leave apostrophes out ("dont", "mums")."""
    return token.replace("'", "")


@dataclass(frozen=True)
class _Element:
    """One place in a term: the words that fit there, and the beginnings of words that fit."""

    words: frozenset[str]
    prefixes: tuple[str, ...]

    def fits(self, key: str) -> bool:
        return key in self.words or any(key.startswith(prefix) for prefix in self.prefixes)


_GAP = None  # a place in a term that up to MAX_GAP words of anything fill
# A phrase: its places, its labels, and the words its second place takes (a quick first test).
_Phrase = tuple[tuple[object, ...], tuple[str, ...], frozenset[str] | None]
_NOTHING: tuple = ((), ())


def _inflections(word: str) -> set[str]:
    """The word and its simple English endings; over-generating is harmless, missing is not."""
    if len(word) < 3:
        return {word}
    forms = {word, word + "s", word + "es", word + "ed", word + "ing"}
    if word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    if word.endswith("y") and word[-2] not in _VOWELS:
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if word[-1] not in _VOWELS | {"w", "x", "y"} and word[-2] in _VOWELS:
        if word[-3] not in _VOWELS:  # hit, hitting; stab, stabbed
            forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


class TermMatcher:
    """The terms of one part of a lexicon (the themes, or urgent), ready to be found."""

    def __init__(self) -> None:
        self.single: dict[str, tuple[str, ...]] = {}
        self.phrases: dict[str, list[_Phrase]] = {}
        self.prefixed: dict[str, list[_Phrase]] = {}
        self.prefix_lengths: list[int] = []
        self.patterns: list[tuple[tuple[str, ...], re.Pattern[str]]] = []
        self._raw_patterns: dict[tuple[str, ...], list[str]] = {}
        # What each word can start, worked out once per distinct word: answers repeat the same
        # few thousand words, and this keeps classification fast.
        self._starts: dict[str, tuple[tuple[str, ...], tuple[_Phrase, ...]]] = {}

    def add(self, labels: tuple[str, ...], term: str, where: str) -> None:
        """Add one term that suggests ``labels``; a badly written term raises LexiconError."""
        term = term.strip()
        if term.startswith("re:"):
            pattern = term[3:].strip()
            try:
                re.compile(pattern)
            except re.error as error:
                raise LexiconError(
                    f"{where}: the pattern {pattern!r} is not valid ({error})."
                ) from error
            self._raw_patterns.setdefault(labels, []).append(pattern)
            return
        elements = _elements(term, where)
        if not elements or elements[0] is _GAP or elements[-1] is _GAP:
            raise LexiconError(f"{where}: the term {term!r} must start and end with a word.")
        if isinstance(elements[0], _Group):
            # Found by its first word, so a leading choice of phrases is one entry per phrase.
            for choice in elements[0].choices:
                self._add_elements(labels, choice + elements[1:])
            return
        self._add_elements(labels, elements)

    def _add_elements(self, labels: tuple[str, ...], elements: tuple) -> None:
        first = elements[0]
        if len(elements) == 1 and not first.prefixes:
            for word in first.words:
                self.single[word] = _merge(self.single.get(word, ()), labels)
            return
        second = elements[1] if len(elements) > 1 else _GAP
        plain = isinstance(second, _Element) and not second.prefixes
        quick = second.words if plain else None
        entry = (elements, labels, quick)
        for word in first.words:
            self.phrases.setdefault(word, []).append(entry)
        for prefix in first.prefixes:
            self.prefixed.setdefault(prefix, []).append(entry)

    def compile(self) -> None:
        """Finish adding terms: one regular expression per set of labels that has patterns."""
        self.prefix_lengths = sorted({len(prefix) for prefix in self.prefixed})
        self._starts.clear()
        self.patterns = [
            (labels, re.compile("|".join(f"(?:{pattern})" for pattern in patterns)))
            for labels, patterns in self._raw_patterns.items()
        ]

    def find(self, keys: list[str]) -> list[tuple[int, int, tuple[str, ...]]]:
        """(first word, word after the last, labels) of each term found among the words.

        A term inside a longer one found before it is left out: "foster mum" is not also "mum".
        """
        found = []
        count, covered = len(keys), 0
        starts = self._starts
        for index, key in enumerate(keys):
            start = starts.get(key)
            if start is None:
                start = self._start(key)
            if start is _NOTHING:
                continue
            labels, candidates = start
            end = index + 1 if labels else -1
            for elements, entry_labels, quick in candidates:
                if quick is not None and (index + 1 >= count or keys[index + 1] not in quick):
                    continue
                stop = _match(elements, keys, index)
                if stop > end:
                    end, labels = stop, entry_labels
                elif stop == end and stop > 0:
                    labels = _merge(labels, entry_labels)
            if end > covered:
                found.append((index, end, labels))
                covered = end
        return found

    def _start(self, key: str) -> tuple[tuple[str, ...], tuple[_Phrase, ...]]:
        candidates = list(self.phrases.get(key, ()))
        for length in self.prefix_lengths:
            candidates.extend(self.prefixed.get(key[:length], ()))
        labels = self.single.get(key, ())
        start = (labels, tuple(candidates)) if labels or candidates else _NOTHING
        if len(self._starts) < _MAX_REMEMBERED_WORDS:
            self._starts[key] = start
        return start


@dataclass(frozen=True)
class _Group:
    """A place in a term that any of several phrases fills: ``[on my own|alone]``."""

    choices: tuple[tuple[_Element, ...], ...]


def _elements(term: str, where: str) -> tuple:
    elements: list = []
    for part in _PART.findall(term):
        if part.startswith("["):
            choices = [choice.split() for choice in part[1:-1].split("|")]
            if not part.endswith("]") or not all(choices):
                raise LexiconError(f"{where}: {part!r} in {term!r} needs words between | and ].")
            if any("..." in choice for choice in choices):
                raise LexiconError(f"{where}: '...' cannot go inside [ ] in {term!r}.")
            elements.append(
                _Group(tuple(tuple(_element(w, term, where) for w in c) for c in choices))
            )
        elif "[" in part or "]" in part:
            raise LexiconError(f"{where}: {term!r} has a bracket that is not closed.")
        else:
            elements.append(_element(part, term, where))
    return tuple(elements)


def _merge(labels: tuple[str, ...], more: tuple[str, ...]) -> tuple[str, ...]:
    return labels + tuple(label for label in more if label not in labels)


def _element(word: str, term: str, where: str) -> _Element | None:
    if word == "...":
        return _GAP
    words, prefixes = set(), []
    for choice in word.split("|"):
        core = word_key(normalise(choice.strip("=*")))
        if not core or TOKEN.fullmatch(core) is None:
            raise LexiconError(
                f"{where}: {choice!r} in {term!r} is not one word; write words with spaces "
                "between them, or use re: for a pattern."
            )
        if choice.endswith("*"):
            prefixes.append(core)
        elif choice.startswith("="):
            words.add(core)
        else:
            words |= _inflections(core)
    return _Element(frozenset(words), tuple(prefixes))


def _match(elements: tuple, keys: list[str], start: int, at: int = 0) -> int:
    """The index of the word just after the term when it matches at ``start``, else -1."""
    position = start
    for number in range(at, len(elements)):
        element = elements[number]
        if element is _GAP:
            for skip in range(MAX_GAP + 1):
                stop = _match(elements, keys, position + skip, number + 1)
                if stop >= 0:
                    return stop
            return -1
        if isinstance(element, _Group):
            for choice in element.choices:
                end = position + len(choice)
                if end <= len(keys) and all(
                    keys[position + n] in part.words
                    or (part.prefixes and part.fits(keys[position + n]))
                    for n, part in enumerate(choice)
                ):
                    stop = _match(elements, keys, end, number + 1)
                    if stop >= 0:
                        return stop
            return -1
        if position >= len(keys):
            return -1
        key = keys[position]
        if key not in element.words and not (element.prefixes and element.fits(key)):
            return -1
        position += 1
    return position
