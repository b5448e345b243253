"""Suggest themes for a child's free-text answer, and flag answers that suggest harm now.

Transparent on purpose: an IRO must be able to see why an answer was tagged, and a participation
officer must be able to change what is looked for without a programmer. So the lexicon only matches
words and phrases listed in a lexicon file, ``lexicons/<language>.yaml`` (see ``en.yaml`` for the
format), and every suggestion comes with the words that led to it. Urgent answers are also looked
for by a trained classifier beside it (``classifier.py``; both together in ``detect.py``), whose
weightiest words are shown in the same way. Nothing is downloaded. Harm written in the other
languages of the booklets is looked for by ``languages.py``, with ``lexicons/urgent/<language>.yaml``.

The lexicon files are compiled by ``lexicon.py``, the fixed theme ids and labels are in
``vocabulary.py``; how terms are written is explained in ``terms.py`` and at the top of ``en.yaml``.

``urgent`` is separate from themes and errs on the side of flagging: a missed disclosure is far
worse than a false alarm, so negation does not clear it ("nobody hurts me" is still flagged). Only
idioms ("hit the jackpot") and harm the answer itself says is over ("used to ... but not since
last year") are taken out, by the lexicon's ``not_urgent`` lists. An urgent answer is always also
given the ``safety`` theme.
"""

from __future__ import annotations

from app.domain.themes.classifier import shipped_model
from app.domain.themes.languages import add_urgent, check_urgent
from app.domain.themes.languages import clear_cache as clear_urgent_words
from app.domain.themes.lexicon import (
    Lexicon,
    clear_lexicons,
    lexicon_for,
    lexicon_language,
    load_lexicon,
)
from app.domain.themes.readable import ANOTHER_LANGUAGE, reads_as_english, unreadable_reason
from app.domain.themes.terms import LexiconError
from app.domain.themes.vocabulary import (
    DEFAULT_LANGUAGE,
    LEXICON_DIR,
    SAFETY,
    THEME_ORDER,
    THEMES,
    URGENT,
    Classification,
)

# What the rest of the app imports from here: the engine is its one door to themes.
__all__ = [
    "DEFAULT_LANGUAGE",
    "LEXICON_DIR",
    "THEMES",
    "URGENT",
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


def clear_cache() -> None:
    """Forget compiled lexicons, so that edited files are read again."""
    clear_lexicons()
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
        result.themes = sorted([*result.themes, SAFETY], key=THEME_ORDER.get)
    evidence = {**result.evidence}
    evidence.setdefault(SAFETY, list(result.model_words))
    result.evidence = {theme: evidence[theme] for theme in result.themes}
