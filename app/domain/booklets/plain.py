"""A booklet in its reader's terms: roughly how long it takes, and the words it needs explained.

Both are worked out from the booklet's own content, so a co-produced booklet gets them without
anyone counting minutes or remembering to explain "advocate".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from app.domain.booklets.definitions import Booklet, Page

# Seconds a question takes, by booklet: a little child has each one read aloud by a carer; a
# teenager taps faster; an adult writes more. Other booklets take the middle band's pace.
SECONDS_PER_QUESTION = {
    "little": 45,
    "easy": 45,
    "middle": 30,
    "teen": 25,
    "moving_on": 25,
    "parent": 40,
    "carer": 40,
}
DEFAULT_SECONDS = 30
ROUND_TO = 5  # minutes: "about 10 minutes" is a promise a reader can hold us to; 12 is not

# The English source words, as the booklet's authors write them (translations follow the source).
ADVOCATE = re.compile(r"\badvocate", re.IGNORECASE)


def minutes_to_fill(booklet: Booklet) -> int:
    """About how many minutes the booklet takes, rounded up to five."""
    seconds = SECONDS_PER_QUESTION.get(booklet.slug, DEFAULT_SECONDS)
    questions = sum(1 for _ in booklet.questions())
    return max(ROUND_TO, math.ceil(questions * seconds / 60 / ROUND_TO) * ROUND_TO)


def page_words(page: Page) -> Iterable[str]:
    """Every word the reader sees on a page of the booklet, in its source language."""
    yield page.title
    if page.intro:
        yield page.intro
    for question in page.questions:
        yield question.label
        if question.hint:
            yield question.hint
        yield from (words for _, words in question.options)


def mentions_advocate(pages: Iterable[Page]) -> bool:
    """Whether these pages say "advocate", which must then be explained on the same page."""
    return any(ADVOCATE.search(words) for page in pages for words in page_words(page))
