""" "IRO" and "advocate" explained on every page a child, parent or carer reads that says them.

Children do not hover over a title: the explanation must be words shown on the same page.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

IRO_EXPLAINED = (
    "IRO means Independent Reviewing Officer. An IRO checks that the care plan is right. "
    "They run the review meeting."
)
ADVOCATE_EXPLAINED = "An advocate is someone on your side who helps you say what you think."
IRO = re.compile(r"\bIRO\b")
ADVOCATE = re.compile(r"\badvocate", re.IGNORECASE)


def shown_words(page) -> str:
    """The words a reader sees on a page: not the hidden ones, not what only a screen reader says."""
    body = page.find("body")
    if body is None:
        return ""
    shown = BeautifulSoup(str(body), "html.parser")
    for hidden in shown.select("script, template, [hidden], .visually-hidden, [aria-hidden=true]"):
        hidden.decompose()
    return " ".join(shown.get_text(" ").split())


def unexplained_words(page) -> list[str]:
    """The words this page says without explaining them; an empty list on a page that is fine."""
    text = shown_words(page)
    missing = []
    if IRO.search(text.replace(IRO_EXPLAINED, "")) and IRO_EXPLAINED not in text:
        missing.append("IRO")
    if ADVOCATE.search(text.replace(ADVOCATE_EXPLAINED, "")) and ADVOCATE_EXPLAINED not in text:
        missing.append("advocate")
    return missing


def is_readers_page_in_english(page) -> bool:
    """A booklet page (a child's, parent's or carer's) in English, whose words the check knows."""
    body, html = page.find("body"), page.find("html")
    return (
        body is not None
        and "booklet" in (body.get("class") or [])
        and html is not None
        and html.get("lang", "en") == "en"
    )
