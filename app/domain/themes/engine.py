"""Suggest themes for a child's free-text answer, and flag answers that suggest harm now.

Transparent on purpose: an IRO must be able to see why an answer was tagged, and a participation
officer must be able to change what is looked for without a programmer. So the lexicon only matches
words and phrases listed in a lexicon file, ``lexicons/<language>.yaml`` (see ``en.yaml`` for the
format), and every suggestion comes with the words that led to it. Urgent answers are also looked
for by a trained classifier beside it (``classifier.py``; both together in ``detect.py``), whose
weightiest words are shown in the same way. Nothing is downloaded. Harm written in the other
languages of the booklets is looked for by ``languages.py``, with ``lexicons/urgent/<language>.yaml``.

How terms are written is explained in ``themes_terms.py`` and at the top of ``en.yaml``.

``urgent`` is separate from themes and errs on the side of flagging: a missed disclosure is far
worse than a false alarm, so negation does not clear it ("nobody hurts me" is still flagged). Only
idioms ("hit the jackpot") and harm the answer itself says is over ("used to ... but not since
last year") are taken out, by the lexicon's ``not_urgent`` lists. An urgent answer is always also
given the ``safety`` theme.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from app.domain.themes.classifier import shipped_model
from app.domain.themes.languages import add_urgent, check_urgent
from app.domain.themes.languages import clear_cache as clear_urgent_words
from app.domain.themes.readable import ANOTHER_LANGUAGE, reads_as_english, unreadable_reason
from app.domain.themes.terms import TOKEN, LexiconError, TermMatcher, fold, normalise, word_key

__all__ = [
    "THEMES",
    "Classification",
    "Lexicon",
    "LexiconError",
    "classify",
    "classify_many",
    "clear_cache",
    "lexicon_for",
    "lexicon_language",
    "load_lexicon",
]

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"
DEFAULT_LANGUAGE = "en"
URGENT = "urgent"
SPELLINGS = "spellings"
SAFETY = "safety"
HEALTH = "health"
NOT_URGENT = "not_urgent"
# The parts of ``not_urgent``: idioms hide the urgent words inside them; an answer with a past
# word and a resolved word, and none of the ongoing words, is about harm that is over.
GUARDS = ("idioms", "past", "resolved", "ongoing")

# The ids are fixed: exports and other councils' data use them (domain.md).
THEMES = {
    "home": "Where I live and the people I live with",
    "family_time": "Seeing or contacting parents, brothers, sisters, relatives, former carers",
    "friends": "Friends and relationships",
    "school": "School, college, learning, exams, teachers",
    "health": "Health, feelings, emotional and mental health",
    "social_worker": "My social worker, personal adviser and other workers",
    "review": "My review, my IRO, having a say, advocacy",
    "activities": "Hobbies, clubs, sport, trips, holidays",
    "money": "Pocket money, allowances, phone, clothes, savings",
    "identity": "Who I am: culture, faith, language, life story, appearance, sexuality",
    "independence": "Growing up, leaving care, work, own place, skills",
    "safety": "Feeling safe, bullying, being hurt, going missing, exploitation",
    "moving": "Moving home or school, or wanting to stay",
    "immigration": "Asylum claim, Home Office, age assessment, legal papers",
}
_THEME_ORDER = {theme: index for index, theme in enumerate(THEMES)}
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")


@dataclass
class Classification:
    """Suggested themes in the fixed order, the urgent flag, and the words behind each.

    ``evidence["urgent"]`` quotes the lexicon's urgent words. The classifier's part, when it ran:
    ``probability`` (calibrated, 0 to 1) and ``model_words``, the answer's words that weighed
    most when it says urgent. ``unreadable`` says why the engine could not read the answer
    (another language, no words), in which case nobody but a person has checked it for risk.
    """

    themes: list[str]
    urgent: bool
    evidence: dict[str, list[str]] = field(default_factory=dict)
    probability: float | None = None
    model_words: list[str] = field(default_factory=list)
    unreadable: str | None = None
    # The lexicon found words of harm but its not_urgent lists explained them all away (an idiom,
    # harm clearly over): the classifier then has to be sure on its own (see detect.py).
    explained: bool = False

    @property
    def lexicon_urgent(self) -> bool:
        return URGENT in self.evidence

    @property
    def model_urgent(self) -> bool:
        return bool(self.model_words) or (self.urgent and not self.lexicon_urgent)


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
        idioms = _hits(self.guards["idioms"], keys, canonical)
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
        themes = sorted((label for label in evidence if label != URGENT), key=_THEME_ORDER.get)
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


def clear_cache() -> None:
    """Forget compiled lexicons, so that edited files are read again."""
    _lexicon.cache_clear()
    lexicon_language.cache_clear()
    clear_urgent_words()


def classify(text: str, language: str | None = DEFAULT_LANGUAGE) -> Classification:
    """Suggest themes for a child's answer and say whether it suggests a risk of harm now.

    The lexicon and, beside it, the trained classifier (see :func:`classify_many`).
    """
    return classify_many([text], language)[0]


# An answer is urgent when the lexicon or the classifier says so. The lexicon finds the words
# people listed, and an IRO can see them; the classifier (classifier.py) generalises to how
# children really write. The model only reads answers that read as English (readable.py); any
# other answer is marked ``unreadable`` so that a person reads it today instead of it passing
# as safe.

# How sure the classifier must be on its own when the lexicon explained its words of harm away.
SURE = 0.5


def classify_many(
    texts: list[str | None], language: str | None = DEFAULT_LANGUAGE
) -> list[Classification]:
    """Classify many answers at once: the classifier reads them in one batch, which is fast."""
    lexicon = lexicon_for(language)
    known = lexicon_for(DEFAULT_LANGUAGE).vocabulary()
    results = [lexicon.classify(text or "") for text in texts]
    in_english = (language or DEFAULT_LANGUAGE).replace("-", "_").split("_")[0].lower() == "en"
    model = shipped_model()
    readable = []
    for index, (text, result) in enumerate(zip(texts, results, strict=True)):
        if not (text or "").strip():
            continue
        if not result.urgent:
            # Harm written in the booklet's language, or in any when it is not English.
            add_urgent(result, check_urgent(text, language, reads_as_english(text, known)))
        result.unreadable = unreadable_reason(text, known=known)
        if result.unreadable is None:
            readable.append(index)
            if not in_english:
                # Written in a booklet in another language: words that look English may be
                # Welsh or Polish, so the model still reads them but a person must too.
                result.unreadable = ANOTHER_LANGUAGE
    if model is None or not readable:
        return results
    predictions = model.predict_many([texts[index] for index in readable])
    for index, prediction in zip(readable, predictions, strict=True):
        result = results[index]
        result.probability = round(prediction.probability, 4)
        if not prediction.urgent:
            continue
        if result.explained and prediction.probability < SURE:
            # The lexicon's own words of harm were an idiom or harm that is over; a classifier
            # just over its threshold is no reason to alarm anyone on top of that.
            continue
        result.model_words = prediction.words
        if not result.urgent:
            result.urgent = True
            _add_safety(result)
    return results


def _add_safety(result: Classification) -> None:
    """An urgent answer is about safety too; the classifier's words are its evidence there."""
    if SAFETY not in result.themes:
        result.themes = sorted([*result.themes, SAFETY], key=_THEME_ORDER.get)
    evidence = {**result.evidence}
    evidence.setdefault(SAFETY, list(result.model_words))
    result.evidence = {theme: evidence[theme] for theme in result.themes}
