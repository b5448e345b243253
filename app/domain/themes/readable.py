"""Whether the themes engine can read an answer at all, so that nothing unread passes as safe.

The lexicon and the classifier read English. An answer in another language, in another script,
made only of emoji, or that is a drawing, a photo or a recording cannot be checked for risk by
them, and a silent "not urgent" would hide it: such an answer is flagged for a person to read
today ("read today: not checked for risk").

Cheap on purpose, and written here because no small library tells English text-speak ("ngl im
gna b l8") from another language: a language identifier trained on edited prose calls much of
it Dutch or Tagalog. Instead, a text reads as English when enough of its words are words English
answers use: a short list of common words below, every word of the English lexicon, and every
word the classifier learnt from children's English answers.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Kinds of answer that hold no words to read; none of them is a booklet kind yet, and any that
# comes (a drawing, a photo of one, a voice recording) is never checked by the engine.
MEDIA_KINDS = frozenset({"drawing", "photo", "picture", "voice", "audio", "recording", "video"})

ANOTHER_LANGUAGE = "another_language"
NO_WORDS = "no_words"
MEDIA = "media"

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Letters English answers do not use, so one is enough to say "another language" in a short answer.
_FOREIGN_LETTERS = set("ąćęłńśźżőűşğıçãõñßøåæœđħŧŀřůěčšžťďňľĺŕ")
_FEW_WORDS = 3
# Under this share of known words, a longer answer is taken to be in another language. Children's
# English with names, places and misspellings keeps well above it (tested on the labelled set).
_ENGLISH_SHARE = 0.5
# Above this share of known words, an answer is not also read for other languages' words of harm.
_MOSTLY_ENGLISH = 0.8

COMMON = frozenset(
    """
    a about after again all also always am an and any anyone anything are around as ask at away
    back bad be because been before being best better big bit both but by can cant come could
    day did didnt do does doesnt doing dont down each else even ever every everyone everything
    feel felt few for from get gets getting give go goes going gone good got had has have having
    he her here him his home how i if im in into is isnt it its just keep know last let like
    little live look lot lots love made make many maybe me more most much must my myself need
    never new next no nobody not nothing now of off ok okay on once one only or other our out
    over people please put really right said same say see she should so some someone something
    sometimes still stop take tell than thank thanks that the their them then there they thing
    things think this those though time to today told too try up us very want was way we week
    well went were what when where which who why will wish with without wont would yeah yes yet
    you your
    """.split()
)


def _letters(text: str) -> list[str]:
    return [ch for ch in text if ch.isalpha()]


def _is_latin(ch: str) -> bool:
    try:
        return "LATIN" in unicodedata.name(ch)
    except ValueError:
        return False


@lru_cache(maxsize=1)
def _learnt_words() -> frozenset[str]:
    """The common words, and every word the classifier learnt from children's English."""
    from app.domain.themes.classifier import shipped_model

    model = shipped_model()
    return COMMON | frozenset(model.vocabulary() if model is not None else ())


def clear_cache() -> None:
    _learnt_words.cache_clear()


def unreadable_reason(
    text: str | None, kind: str | None = None, known: frozenset[str] = frozenset()
) -> str | None:
    """Why the engine cannot read this answer (MEDIA, NO_WORDS, ANOTHER_LANGUAGE), else None.

    ``known`` are more words English answers use: the English lexicon's, given by the engine.
    An empty answer, or one of punctuation only, has nothing to read and nothing to miss: None.
    """
    if kind in MEDIA_KINDS:
        return MEDIA
    text = (text or "").strip()
    if not text:
        return None
    letters = _letters(text)
    if not letters:
        # Emoji and pictures typed on a phone say something; punctuation alone does not.
        pictures = [ch for ch in text if unicodedata.category(ch) == "So"]
        return NO_WORDS if pictures else None
    latin = sum(1 for ch in letters if _is_latin(ch))
    if latin < len(letters) / 2:
        return ANOTHER_LANGUAGE
    found = _WORD.findall(text.replace("'", "").replace("\u2019", ""))
    # Names (capitalised after the first word) are not words of any language to look up.
    words = [w.lower() for n, w in enumerate(found) if n == 0 or not w[:1].isupper()]
    if any(ch in _FOREIGN_LETTERS for ch in text.lower()):
        if _known(words, known) < len(words) * _ENGLISH_SHARE:
            return ANOTHER_LANGUAGE
    if len(words) < _FEW_WORDS:
        return None  # too short to tell, and most often a name, "yes" or "idk"
    return ANOTHER_LANGUAGE if _known(words, known) < len(words) * _ENGLISH_SHARE else None


def _known(words: list[str], known: frozenset[str]) -> int:
    learnt = _learnt_words()
    return sum(1 for word in words if word in known or word in learnt)


def reads_as_english(text: str | None, known: frozenset[str] = frozenset()) -> bool:
    """Whether an answer reads as English, strictly: most of its words, or all of a short one's.

    :func:`unreadable_reason` lets a short answer pass as English ("too short to tell"), and a
    longer one with half its words English, which is right for whether a person must read it. To
    decide whether to look for words of harm in the other languages too it is too lenient:
    "chce umrzec", or Somali "hooyaday way i garaacdaa" ("way" and "i" are English words), must
    not pass. Looking costs little and other languages' words hardly ever match English answers.
    """
    if unreadable_reason(text, known=known) is not None:
        return False
    found = _WORD.findall((text or "").replace("'", "").replace("\u2019", ""))
    words = [w.lower() for n, w in enumerate(found) if n == 0 or not w[:1].isupper()]
    if len(words) < _FEW_WORDS:
        return _known(words, known) == len(words)
    return _known(words, known) >= len(words) * _MOSTLY_ENGLISH
