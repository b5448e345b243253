"""A lexicon file compiled: the words and phrases listed for each theme, for urgent and for what
is not urgent, matched in a child's answer with the words that matched kept as evidence (see the
engine's docstring and the top of ``lexicons/en.yaml``)."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path

import yaml

from app.domain.themes.terms import TOKEN, LexiconError, TermMatcher, fold, normalise, word_key
from app.domain.themes.vocabulary import (
    DEFAULT_LANGUAGE,
    GUARDS,
    HEALTH,
    LEXICON_DIR,
    NOT_URGENT,
    SAFETY,
    SPELLINGS,
    THEME_ORDER,
    THEMES,
    URGENT,
    Classification,
)

_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")


class Lexicon:
    """A compiled lexicon file: build once with :func:`load_lexicon`, then classify many answers."""

    def __init__(self, name: str, data: object, folded: bool = False) -> None:
        if not isinstance(data, dict):
            raise LexiconError(f"{name}: expected theme ids, each with a list of words.")
        self.name = name
        # Other languages' lexicons match letters with or without their marks (terms.fold).
        self._normal = fold if folded else normalise
        self.spellings: dict[str, list[str]] = {}
        self.themes = TermMatcher()
        self.urgent = TermMatcher()
        self.guards = {guard: TermMatcher() for guard in GUARDS}
        self._vocabulary: set[str] = set()
        for label, terms in data.items():
            if label == SPELLINGS:
                self._add_spellings(terms)
            elif label == URGENT:
                self._add_urgent(terms)
            elif label == NOT_URGENT:
                self._add_guards(terms)
            elif label in THEMES:
                for term in _terms(terms, f"{name}, {label}"):
                    self._add(self.themes, (label,), term, f"{name}, {label}")
            else:
                raise LexiconError(
                    f"{name}: {label!r} is not a theme id. Use one of: "
                    f"{', '.join(THEMES)}, or {URGENT}, {NOT_URGENT} or {SPELLINGS}."
                )
        for matcher in (self.themes, self.urgent, *self.guards.values()):
            matcher.compile()
        self._words = frozenset(self._vocabulary | set(self.spellings))

    def _add(self, matcher: TermMatcher, labels: tuple[str, ...], term: str, where: str) -> None:
        if not term.startswith("re:"):
            # Patterns stay as written (lower-casing would turn \S into \s): in another language's
            # file they are written in folded letters already.
            term = self._normal(term)
        matcher.add(labels, term, where)
        if not term.startswith("re:"):
            self._vocabulary.update(TOKEN.findall(normalise(term.replace("'", ""))))

    def vocabulary(self) -> frozenset[str]:
        """Every word the lexicon's terms and spellings use (to tell English from other text)."""
        return self._words

    def _add_guards(self, groups: object) -> None:
        where = f"{self.name}, {NOT_URGENT}"
        if not isinstance(groups, dict) or set(groups) - set(GUARDS):
            raise LexiconError(f"{where}: expected only {', '.join(GUARDS)}, each a list.")
        for guard, terms in groups.items():
            for term in _terms(terms, f"{where} {guard}"):
                self._add(self.guards[guard], (guard,), term, f"{where} {guard}")

    def _add_urgent(self, terms: object) -> None:
        # Urgent terms may be grouped by kind of harm, to keep the file readable; a group may add
        # themes of its own ("also"), such as health for self-harm.
        groups = terms.items() if isinstance(terms, dict) else [(URGENT, terms)]
        for group, body in groups:
            where = f"{self.name}, urgent {group}"
            also: object = []
            if isinstance(body, dict):
                unknown = set(body) - {"also", "terms"}
                if unknown:
                    raise LexiconError(f"{where}: expected only 'also' and 'terms'.")
                also, body = body.get("also") or [], body.get("terms")
            if not isinstance(also, list) or any(theme not in THEMES for theme in also):
                raise LexiconError(f"{where}: 'also' must list theme ids, such as [health].")
            for term in _terms(body, where):
                if term.startswith("re:") and _anchored(term[3:]):
                    raise LexiconError(
                        f"{where}: the pattern {term[3:].strip()!r} is tied to the start or end "
                        "of the answer (^, $, \\A or \\Z), so words of harm followed or led by "
                        "any other words would be missed; write it without."
                    )
                self._add(self.urgent, (URGENT, *also), term, where)

    def _add_spellings(self, spellings: object) -> None:
        if not isinstance(spellings, dict):
            raise LexiconError(f"{self.name}: spellings must map a misspelling to its words.")
        for wrong, right in spellings.items():
            wrong_key = word_key(self._normal(str(wrong)))
            words = [word_key(token) for token in TOKEN.findall(self._normal(str(right or "")))]
            if TOKEN.fullmatch(wrong_key) is None or not words:
                raise LexiconError(
                    f"{self.name}: the spelling {wrong!r}: {right!r} must map one word to words."
                )
            self.spellings[wrong_key] = words

    def _correct(
        self, keys: list[str], spans: list[tuple[int, int]]
    ) -> tuple[list[str], list[tuple[int, int]]]:
        corrected, corrected_spans = [], []
        for key, span in zip(keys, spans, strict=True):
            words = self.spellings.get(key, (key,))
            corrected.extend(words)
            corrected_spans.extend([span] * len(words))
        return corrected, corrected_spans

    def classify(self, text: str) -> Classification:
        """Suggest themes for one answer, say whether it looks urgent, and show the evidence."""
        text = text or ""
        normal = self._normal(text)
        # Quote the child's own letters in the evidence whenever lower-casing kept the positions.
        source = text if len(normal) == len(text) else normal
        matches = list(TOKEN.finditer(normal))
        keys = [match.group().replace("'", "") for match in matches]
        spans = [match.span() for match in matches]
        if not self.spellings.keys().isdisjoint(keys):
            keys, spans = self._correct(keys, spans)
        canonical = " ".join(keys)
        # Punctuation is dropped from the words, so an idiom could join the end of one clause to
        # the start of the next: "Nie, bije mnie" (No, he hits me) read as "nie bije mnie" (he
        # doesn't hit me). An idiom only counts within one clause.
        idioms = _hits(self.guards["idioms"], keys, canonical)
        if idioms:
            clause = _clauses(normal, spans)
            idioms = [hit for hit in idioms if clause[hit[0]] == clause[hit[1]]]
        # An idiom is not about safety either: "hit" in "got hit by the ball in PE", "ran away"
        # in "ran away from a goose". Its words still count for the other themes (PE is school).
        theme_hits = _outside(_hits(self.themes, keys, canonical), idioms, SAFETY)
        urgent_hits, explained = self._guarded(
            _hits(self.urgent, keys, canonical), idioms, keys, canonical
        )
        # Fear of a person is about safety, not a feeling for the health theme: "scared" in "I'm
        # scared of my dad" or "scared to go home" is read as harm, unless its kind of harm is
        # about health itself (self-harm).
        harm = [hit for hit in urgent_hits if HEALTH not in hit[2]]
        theme_hits = _outside(theme_hits, harm, HEALTH)
        evidence: dict[str, list[str]] = {}
        for first, last, labels in theme_hits + urgent_hits:
            quote = source[spans[first][0] : spans[last][1]]
            for label in labels:
                _note(evidence, label, quote)
        urgent = URGENT in evidence
        if urgent:
            for quote in evidence[URGENT]:
                _note(evidence, SAFETY, quote)
        themes = sorted((label for label in evidence if label != URGENT), key=THEME_ORDER.get)
        ordered = {theme: evidence[theme] for theme in themes}
        if urgent:
            ordered[URGENT] = evidence[URGENT]
        return Classification(themes=themes, urgent=urgent, evidence=ordered, explained=explained)

    def _guarded(
        self, hits: list[_Hit], idioms: list[_Hit], keys: list[str], canonical: str
    ) -> tuple[list[_Hit], bool]:
        """Urgent hits left once idioms and clearly past, resolved harm are taken out, and
        whether the answer is explained that way (an idiom, or harm that is over) with no urgent
        words left.

        Recall first: an answer loses its urgent words to "past" only when it also says the harm
        is over and says nothing of it going on now; an idiom only hides the words inside it.
        """
        guards = self.guards
        if idioms:
            hits = [hit for hit in hits if not _inside(hit, idioms)]
        over = (
            bool(_hits(guards["past"], keys, canonical))
            and bool(_hits(guards["resolved"], keys, canonical))
            and not _hits(guards["ongoing"], keys, canonical)
        )
        if over:
            hits = []
        return hits, not hits and (over or bool(idioms))


_Hit = tuple[int, int, tuple[str, ...]]  # first token, last token (included), labels


def _hits(matcher: TermMatcher, keys: list[str], canonical: str) -> list[_Hit]:
    """Where the matcher's terms and patterns are found among the words."""
    found = [(first, stop - 1, labels) for first, stop, labels in matcher.find(keys)]
    for labels, pattern in matcher.patterns:
        for match in pattern.finditer(canonical):
            first, last = _tokens_between(keys, match.start(), match.end())
            found.append((first, last, labels))
    return found


# Between two words, what ends a clause: sentence and clause punctuation in the scripts of the
# booklets (Arabic and Urdu, Ethiopic too), a line break, and a dash that is not a hyphen.
_CLAUSE_BREAK = re.compile(r"[.,;:!?…¡¿\n\r\u060c\u061b\u061f\u06d4\u1362-\u1368–—]|\s-|-\s")


def _clauses(normal: str, spans: list[tuple[int, int]]) -> list[int]:
    """The number of the clause each word is in, counted from 0."""
    numbers, number, previous = [], 0, None
    for start, end in spans:
        if previous is not None and _CLAUSE_BREAK.search(normal, previous, start):
            number += 1
        numbers.append(number)
        previous = max(end, previous or 0)
    return numbers


def _anchored(pattern: str) -> bool:
    """Whether a pattern can only match at the start or end of the whole answer."""
    bare = re.sub(r"\\[^AZz]", "", pattern)  # escaped characters, such as \$ or \^
    bare = re.sub(r"\[\^?\]?[^\]]*\]", "", bare)  # character classes, such as [^a]
    return re.search(r"\\[AZz]|[$^]", bare) is not None


def _inside(hit: _Hit, spans: list[_Hit]) -> bool:
    return any(first <= hit[0] and hit[1] <= last for first, last, _ in spans)


def _outside(hits: list[_Hit], spans: list[_Hit], label: str) -> list[_Hit]:
    """The hits with ``label`` taken off those that lie inside one of ``spans``."""
    if not spans:
        return hits
    kept = []
    for first, last, labels in hits:
        if label in labels and _inside((first, last, labels), spans):
            labels = tuple(other for other in labels if other != label)
        if labels:
            kept.append((first, last, labels))
    return kept


def _terms(terms: object, where: str) -> list[str]:
    if terms is None:
        return []
    if not isinstance(terms, list) or not all(isinstance(term, str) for term in terms):
        raise LexiconError(f"{where}: expected a list of words and phrases.")
    return terms


def _note(evidence: dict[str, list[str]], label: str, quote: str) -> None:
    quotes = evidence.setdefault(label, [])
    if quote not in quotes:
        quotes.append(quote)


def _tokens_between(keys: list[str], begin: int, end: int) -> tuple[int, int]:
    """The first and last tokens that a match from ``begin`` to ``end`` in the joined keys covers."""
    starts, offset = [], 0
    for key in keys:
        starts.append(offset)
        offset += len(key) + 1
    first = max(bisect_right(starts, begin) - 1, 0)
    last = max(bisect_right(starts, max(end - 1, begin)) - 1, first)
    return first, last


def load_lexicon(path: Path | str, folded: bool = False) -> Lexicon:
    """Read and check one lexicon file; a mistake in it raises :class:`LexiconError`.

    ``folded``: match letters with or without their marks, for other languages (terms.fold).
    """
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise LexiconError(f"{path.name}: cannot be read ({error.strerror}).") from error
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise LexiconError(f"{path.name}: is not valid YAML ({error}).") from error
    return Lexicon(path.name, data, folded)


@lru_cache(maxsize=256)
def lexicon_language(language: str | None) -> str:
    """The language whose lexicon is used: the one asked for when it has a file, else English."""
    code = (language or "").strip().lower().replace("_", "-")
    for candidate in (code, code.split("-")[0]):
        if _LANGUAGE_CODE.fullmatch(candidate) and (LEXICON_DIR / f"{candidate}.yaml").is_file():
            return candidate
    return DEFAULT_LANGUAGE


@lru_cache(maxsize=16)
def _lexicon(language: str) -> Lexicon:
    return load_lexicon(LEXICON_DIR / f"{language}.yaml")


def lexicon_for(language: str | None = DEFAULT_LANGUAGE) -> Lexicon:
    """The compiled lexicon for a language, built once and then kept."""
    return _lexicon(lexicon_language(language))


def clear_lexicons() -> None:
    """Forget compiled lexicons, so that edited files are read again."""
    _lexicon.cache_clear()
    lexicon_language.cache_clear()
