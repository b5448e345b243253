"""Every page of every booklet that says "IRO" or "advocate" explains it in words on that page.

The test client checks every booklet page it receives (``check_page`` in tests/factories.py), so
any test that opens a booklet page fails on an unexplained word; these tests walk every page of
every bundled booklet, and the pages around them, so that every band and audience is seen.
"""

from __future__ import annotations

import pytest

from app.domain.booklets.definitions import BOOKLET_DIR, booklet_of, latest_version
from app.domain.booklets.plain import mentions_advocate
from tests.factories import make_invitation, pdf_text, soup
from tests.words_helpers import (
    ADVOCATE,
    ADVOCATE_EXPLAINED,
    IRO_EXPLAINED,
    shown_words,
    unexplained_words,
)

SLUGS = sorted(path.stem for path in BOOKLET_DIR.glob("*.yaml"))


def _pages_of(client, slug):
    """Every page a reader of this booklet meets, from the start page to the thank-you."""
    version = latest_version(slug)
    respondent = version.definition.get("audience", "child")
    link = make_invitation(version=version, respondent=respondent)
    pages = {
        "start": client.get("/"),
        "welcome": client.get(f"/b/{link.token}", follow_redirects=True),
    }
    for number in range(1, len(booklet_of(version).pages) + 1):
        pages[f"page {number}"] = client.get(f"/my-say/page/{number}")
    pages["check"] = client.get("/my-say/check")
    pages["help"] = client.get("/help")
    pages["saved"] = client.get("/my-say/saved")
    pages["sent"] = client.post("/my-say/check", follow_redirects=True)
    return pages


@pytest.mark.parametrize("slug", SLUGS)
def test_iro_and_advocate_are_explained_on_every_page_that_says_them(app, client, slug):
    pages = _pages_of(client, slug)
    said_advocate = []
    for name, response in pages.items():
        assert response.status_code == 200, name
        page = response.page
        assert unexplained_words(page) == [], name
        text = shown_words(page)
        # Every booklet page speaks of the IRO, in the header's help or in its own words.
        assert IRO_EXPLAINED in text, name
        if ADVOCATE.search(text.replace(ADVOCATE_EXPLAINED, "")):
            said_advocate.append(name)
    # Where the booklet asks about an advocate, a page said it and explained it.
    if mentions_advocate(booklet_of(latest_version(slug)).pages):
        assert said_advocate, slug


def test_advocate_is_explained_only_where_it_is_said(app, client):
    pages = _pages_of(client, "middle")
    explained = {name for name, r in pages.items() if ADVOCATE_EXPLAINED in shown_words(r.page)}
    middle = booklet_of(latest_version("middle"))
    asking = {f"page {n}" for n, page in enumerate(middle.pages, 1) if mentions_advocate([page])}
    assert asking, "the middle booklet asks about an advocate"
    assert explained == asking | {"check"}
    # The child's own copy of what they sent explains both too: it lists the review menu.
    copy = client.get("/my-say/my-answers.pdf")
    assert copy.mimetype == "application/pdf"
    assert IRO_EXPLAINED in pdf_text(copy.data) and ADVOCATE_EXPLAINED in pdf_text(copy.data)


def test_the_check_fails_a_page_that_says_iro_without_explaining_it():
    page = soup(
        '<html lang="en"><body class="booklet"><main><h1>Hi</h1>'
        "<p>Your IRO reads this. Ask for an advocate.</p></main></body></html>"
    )
    assert unexplained_words(page) == ["IRO", "advocate"]
    hidden = soup(
        '<html lang="en"><body class="booklet"><p>Your IRO</p>'
        f'<p class="visually-hidden">{IRO_EXPLAINED}</p></body></html>'
    )
    assert unexplained_words(hidden) == ["IRO"]
