"""Which invitation this browser may answer, kept only in the signed session cookie.

The link's token is exchanged for the invitation's id once, so that it never stays in the address
bar or the history of a phone that other children may use.
"""

from __future__ import annotations

import time
from functools import wraps

from flask import g, redirect, render_template, request, session, url_for
from sqlalchemy import bindparam, inspect, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from app.booklet.blueprint import bp
from app.domain.booklets.definitions import Booklet, Page, booklet_of
from app.domain.booklets.i18n import use_language
from app.domain.booklets.own_words import personalise, personalise_page
from app.domain.invitations.links import is_usable
from app.domain.messages.letters import you_said_ready
from app.extensions import db, login_manager
from app.models import Answer, BookletVersion, Invitation, Review, utcnow

SESSION_KEY = "invitation_id"
SENT_KEY = "sent_invitation_id"


def problem(kind: str, status: int, **context):
    """A page in a child's words for a link or page that cannot be used, with the right status."""
    return render_template("booklet/problem.html", kind=kind, **context), status


def booklet_for(invitation: Invitation) -> Booklet:
    """The invitation's booklet version, in the child's own words for the people in it."""
    return personalise(booklet_of(invitation.booklet_version), _answer_values(invitation))


def page_for(invitation: Invitation, number: int) -> tuple[Booklet, Page | None]:
    """The invitation's booklet as published, and its page ``number`` (None past the ends) in the
    child's own words: ``booklet_for`` without filling in the pages not shown."""
    booklet = booklet_of(invitation.booklet_version)
    if not 1 <= number <= len(booklet.pages):
        return booklet, None
    return booklet, personalise_page(booklet, number, _answer_values(invitation))


def _answer_values(invitation: Invitation) -> dict[str, object]:
    return {answer.question_key: answer.value for answer in answers_of(invitation)}


# The relationship's own lazy load builds its query anew each time: a third of what reading a
# page's answers costs. Same rows, same order (the relationship's order_by).
_ANSWERS_QUERY = select(Answer).where(Answer.invitation_id == bindparam("id")).order_by(Answer.id)


def answers_of(invitation: Invitation) -> list[Answer]:
    """``invitation.answers``, loaded by a query built once when the request has not yet."""
    if "answers" in inspect(invitation).unloaded:
        rows = db.session.execute(_ANSWERS_QUERY, {"id": invitation.id}).scalars().all()
        set_committed_value(invitation, "answers", rows)
    return invitation.answers


def resume_url(invitation: Invitation) -> str:
    """Where the child left off: the welcome page, a question page, or checking their answers."""
    pages = len(booklet_for(invitation).pages)
    if invitation.last_page <= 0:
        return url_for("booklet.welcome")
    if invitation.last_page > pages:
        return url_for("booklet.check")
    return url_for("booklet.page", number=invitation.last_page)


def enter(invitation: Invitation | None):
    """Open a booklet from its link or its code: remember it in this browser and go on."""
    # Whoever used this browser before loses their place: it is often a shared phone.
    session.clear()
    if invitation is None:
        return problem("unknown_link", 404)
    if invitation.submitted_at and not invitation.revoked_at:
        session[SENT_KEY] = invitation.id
        remember_own(invitation)
        return redirect(url_for("booklet.sent"))
    if not is_usable(invitation):
        if not invitation.revoked_at and letter_for(invitation):
            # Not sent before the review, but the IRO has written to the child since.
            remember_own(invitation)
            return redirect(url_for("booklet.you_said"))
        return problem("stopped", 410)
    if invitation.opened_at is None:
        invitation.opened_at = utcnow()
        db.session.commit()
    session[SESSION_KEY] = invitation.id
    return redirect(resume_url(invitation))


OWN_KEY = "own_copy"
OWN_FOR_SECONDS = 30 * 60


def remember_own(invitation: Invitation) -> None:
    """Let this browser fetch the child's own copies for a while. The caller has cleared the
    session of anyone who used the phone before."""
    session[OWN_KEY] = {"id": invitation.id, "until": time.time() + OWN_FOR_SECONDS}


def own_invitation() -> Invitation | None:
    """The invitation whose copies this browser may fetch now, if any."""
    own = session.get(OWN_KEY)
    if not isinstance(own, dict) or not isinstance(own.get("id"), int):
        return None
    if not isinstance(own.get("until"), int | float) or own["until"] < time.time():
        return None
    invitation = db.session.get(Invitation, own["id"])
    if invitation is None or invitation.revoked_at:
        return None
    return invitation


def letter_for(invitation: Invitation) -> bool:
    """Whether the child's link shows the "You said, we did" letter: it is written to the child,
    never to a parent or carer, and only once the outcome of the review is recorded."""
    review = invitation.review
    signer = review.child.iro or review.outcome_recorded_by
    return (
        invitation.respondent.startswith("child") and you_said_ready(review) and signer is not None
    )


# The booklet's definition is parsed once per process (booklet_of), so its JSON is read only then.
# Of the review, a booklet page needs its date (is the link still usable?) and whose it is (the
# welcome page greets the child): its other columns (the outcome, the IRO's decisions) would be
# fetched and decrypted for nothing on every page, and load when a page asks for them.
_PAGE_NEEDS = (
    joinedload(Invitation.review).load_only(Review.review_date, Review.child_id),
    joinedload(Invitation.booklet_version).defer(BookletVersion.definition),
)
# Built once: SQLAlchemy keeps a statement's cache key on the statement, so a page does not work
# it out again for the same query (session.get() builds a new one each time).
_PAGE_QUERY = select(Invitation).options(*_PAGE_NEEDS).where(Invitation.id == bindparam("id"))
_PAGE_QUERY_WITH_ANSWERS = (
    select(Invitation)
    .options(*_PAGE_NEEDS, joinedload(Invitation.answers))
    .where(Invitation.id == bindparam("id"))
)
# The pages that show or save a child's answers. Their GETs only read: a GET that writes must
# leave this list, or its writes would each be committed on their own (see _page_query).
ANSWER_PAGES = frozenset({"booklet.welcome", "booklet.page", "booklet.check"})


def _page_query():
    """How this request reads its invitation.

    Over a network (PostgreSQL) each round trip to the database costs more than the work it
    carries: under bench/load.py a page's BEGIN and ROLLBACK took as long as its reads. So a page
    that shows answers reads them with the invitation in one query, and a GET reads outside a
    transaction (each read is its own snapshot: a save landing between two reads shows on the next
    page, as it would anyway). SQLite has no round trips: it opens no transaction for a read, the
    switch back from autocommit costs it a PRAGMA, and a second small query is cheaper there than
    the invitation's columns repeated on every answer's row.
    """
    if request.endpoint not in ANSWER_PAGES or db.session.get_bind().dialect.name == "sqlite":
        return _PAGE_QUERY
    if request.method in ("GET", "HEAD") and not db.session().in_transaction():
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    return _PAGE_QUERY_WITH_ANSWERS


@bp.before_request
def _children_pages_sign_in_nobody():
    """A child's pages never act for a member of staff signed in on the same browser (a shared
    phone or a family's laptop): nothing on them needs a staff identity, and Flask-Login would
    otherwise load one for every page drawn (its session check hashes the address and browser)."""
    g._login_user = login_manager.anonymous_user()


def current_invitation() -> Invitation | None:
    invitation_id = session.get(SESSION_KEY)
    if not isinstance(invitation_id, int):
        return None
    # Asked four times a page (the rescue check, the view, the page's note and its "asked today"):
    # held for the request, or the session's weak identity map lets it go and it is read again.
    held = g.get("_mysay_invitation")
    if held is None or held[0] != invitation_id:
        # With what every booklet page reads: the review's date (is the link still usable?) and
        # the booklet's version, in the same query (with the answers too, see _page_query).
        result = db.session.execute(_page_query(), {"id": invitation_id})
        invitation = result.unique().scalar_one_or_none()
        held = g._mysay_invitation = (invitation_id, invitation)
    return held[1]


def needs_invitation(view):
    """Give the view this browser's invitation, or say plainly how to get back to it."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        invitation = current_invitation()
        if invitation is None:
            return problem("no_session", 403)
        # The child reads the booklet, and every word around it, in the invitation's language.
        use_language(invitation.language)
        g.booklet_language_switch = True
        if invitation.submitted_at:
            session.clear()
            session[SENT_KEY] = invitation.id
            return redirect(url_for("booklet.sent"))
        if not is_usable(invitation):
            session.clear()
            return problem("stopped", 410)
        return view(invitation, *args, **kwargs)

    return wrapped
