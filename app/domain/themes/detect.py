"""Urgent detection as a whole: the lexicon, the trained classifier, and what neither can read.

An answer is urgent when either says so: the lexicon finds the words people listed and an IRO can
see them; the classifier (``classifier.py``) generalises to how children really write. The model
only reads answers that read as English (``readable.py``); any other answer is marked
``unreadable`` so that a person reads it today instead of it passing as safe.
"""

from __future__ import annotations

from app.domain.themes.classifier import shipped_model
from app.domain.themes.engine import (
    DEFAULT_LANGUAGE,
    SAFETY,
    THEMES,
    Classification,
    lexicon_for,
)
from app.domain.themes.readable import unreadable_reason

__all__ = ["classify_many"]

# How sure the classifier must be on its own when the lexicon explained its words of harm away.
SURE = 0.5
_ORDER = {theme: index for index, theme in enumerate(THEMES)}


def classify_many(
    texts: list[str | None], language: str | None = DEFAULT_LANGUAGE
) -> list[Classification]:
    """Classify many answers at once: the classifier reads them in one batch, which is fast."""
    lexicon = lexicon_for(language)
    results = [lexicon.classify(text or "") for text in texts]
    model = shipped_model()
    readable = []
    for index, (text, result) in enumerate(zip(texts, results, strict=True)):
        if not (text or "").strip():
            continue
        result.unreadable = unreadable_reason(text)
        if result.unreadable is None:
            readable.append(index)
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
        result.themes = sorted([*result.themes, SAFETY], key=_ORDER.get)
    evidence = {**result.evidence}
    evidence.setdefault(SAFETY, list(result.model_words))
    result.evidence = {theme: evidence[theme] for theme in result.themes}
