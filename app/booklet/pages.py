"""The booklet itself, under /my-say: welcome, one page of questions at a time, check, send."""

from flask import redirect, render_template, request, session, url_for
from flask_babel import format_date

from app.booklet.access import (
    SENT_KEY,
    booklet_for,
    needs_invitation,
    page_for,
    problem,
    remember_own,
)
from app.booklet.answers import answered_pages, save_fields, saved_fields
from app.booklet.blueprint import bp
from app.booklet.forms import SendForm, page_context, read_page
from app.booklet.help import remember_back, render_help
from app.booklet.language import choose_language, keep_language
from app.booklet.media import save_media
from app.booklet.rescue import keeps_words
from app.booklet.urgent import remember_urgent, show_urgent, urgent_pending
from app.domain.booklets.definitions import AFTER_SLUG
from app.domain.booklets.plain import mentions_advocate, minutes_to_fill
from app.extensions import db
from app.models import Invitation, utcnow

DATE_IN_WORDS = "EEEE d MMMM y"


@bp.route("/my-say")
@needs_invitation
def welcome(invitation: Invitation):
    """Hello: who will read the answers, and a button to start."""
    review = invitation.review
    booklet = booklet_for(invitation)
    return render_template(
        "booklet/welcome.html",
        name=review.child.display_name,
        iro=review.child.iro.name if review.child.iro else None,
        review_date=format_date(review.review_date, DATE_IN_WORDS),
        pages=len(booklet.pages),
        minutes=minutes_to_fill(booklet),
        # A parent or carer is not greeted by the child's name; "after my review" looks back.
        audience=booklet.audience,
        after=invitation.booklet_version.slug == AFTER_SLUG,
        # "My Say" is in the header already; a booklet with a name of its own (Easy Read) says it.
        booklet_title=booklet.title if booklet.title != "My Say" else None,
    )


@bp.route("/my-say/page/<int:number>", methods=["GET", "POST"])
@keeps_words
@needs_invitation
def page(invitation: Invitation, number: int):
    """One page of questions; posting it saves its answers straight away."""
    booklet, page = page_for(invitation, number)
    if page is None:
        return problem("no_page", 404)
    total = len(booklet.pages)
    from_check = request.values.get("from") == "check"
    if request.method == "GET":
        fields = saved_fields(invitation, page)
        return _render_page(page, number, total, fields, from_check, booklet.slug)

    fields = read_page(page, request.form)
    action = request.form.get("action")
    if action == "back":
        # Back from the help page with words that could not be saved: shown again, as typed.
        return _render_page(page, number, total, fields, from_check, booklet.slug), 400
    save_media(invitation, fields, request.files, request.form)
    # Save what is right even when something else is wrong: nothing the child did is lost.
    urgent = urgent_pending(invitation, save_fields(invitation, fields))
    if action == "language":
        # The header's switch sends this page's answers too: kept, then the page in the new words.
        choose_language(invitation, request.form.get("language"))
        db.session.commit()
        if urgent:
            return show_urgent(invitation)
        return redirect(request.full_path.rstrip("?"))
    later = action == "later"
    if action == "help":
        # "I need help now" is a button of this form, so the page is saved before help shows,
        # and "Go back" returns here, JavaScript or not.
        if urgent:
            remember_urgent(invitation)
        db.session.commit()
        remember_back(
            url_for("booklet.page", number=number, **({"from": "check"} if from_check else {}))
        )
        if any(f.error for f in fields):
            # Words that could not be saved (too long, say) travel with the help page and back.
            keep = [
                (k, v)
                for k, v in request.form.items(multi=True)
                if k not in ("csrf_token", "action")
            ]
            return render_help(invitation, keep=keep)
        return redirect(url_for("booklet.help"))
    if any(f.error for f in fields):
        if urgent:
            remember_urgent(invitation)
        db.session.commit()
        return _render_page(page, number, total, fields, from_check, booklet.slug), 400
    if later:
        invitation.last_page = number
    else:
        # A change made from the check page goes back there, and so does the link next time.
        invitation.last_page = total + 1 if from_check else number + 1
    db.session.commit()
    if later:
        # The link opens here again; meanwhile this phone forgets whose booklet it was.
        session.clear()
        keep_language(invitation)
        return show_urgent(invitation) if urgent else redirect(url_for("booklet.saved"))
    if urgent:
        return show_urgent(invitation)
    if from_check or number == total:
        return redirect(url_for("booklet.check"))
    return redirect(url_for("booklet.page", number=number + 1))


# Booklets for a child who reads little: Yes, No and Not sure are shapes as well as words.
SYMBOL_BOOKLETS = ("little", "easy")


def _render_page(page, number, total, fields, from_check, slug):
    back = url_for("booklet.page", number=number - 1) if number > 1 else url_for("booklet.welcome")
    if from_check:
        back = url_for("booklet.check")
    return render_template(
        "booklet/page.html",
        # The header's "I need help now" submits this form (see app/booklet/help.py).
        help_form="booklet-page",
        page=page,
        number=number,
        total=total,
        fields=fields,
        **page_context(page, fields),
        back=back,
        from_check=from_check,
        symbols=slug in SYMBOL_BOOKLETS,
    )


@bp.route("/my-say/check", methods=["GET", "POST"])
@needs_invitation
def check(invitation: Invitation):
    """Check your answers, change any of them, then send them to your IRO."""
    form = SendForm()
    if form.validate_on_submit():
        invitation.submitted_at = utcnow()
        db.session.commit()
        # The next child on a shared phone must find nothing of this one: only which kind of
        # thank-you to show is kept.
        kind = sent_kind(invitation)
        session.clear()
        session[SENT_KIND_KEY] = kind
        keep_language(invitation)
        # Except, for a while, the child's own copy of what they sent.
        remember_own(invitation)
        return redirect(url_for("booklet.sent"))
    booklet = booklet_for(invitation)
    pages = answered_pages(invitation, booklet)
    return render_template(
        "booklet/check.html",
        pages=pages,
        form=form,
        explain_advocate=mentions_advocate(booklet.pages),
    )


# What happens next differs for a child before the review, a parent or carer, and a child who
# has told us how their review went.
SENT_KIND_KEY = "sent_kind"
SENT_KINDS = ("child", "adult", "after")


def sent_kind(invitation: Invitation) -> str:
    if invitation.booklet_version.slug == AFTER_SLUG:
        return "after"
    return "child" if booklet_for(invitation).audience == "child" else "adult"


@bp.route("/my-say/sent")
def sent():
    """Thank you, and what happens next; or, from an old link, when the answers went."""
    invitation = None
    sent_id = session.get(SENT_KEY)
    if isinstance(sent_id, int):
        invitation = db.session.get(Invitation, sent_id)
    if invitation is None or invitation.submitted_at is None:
        kind = session.get(SENT_KIND_KEY)
        return render_template(
            "booklet/sent.html", already=None, kind=kind if kind in SENT_KINDS else "child"
        )
    return render_template(
        "booklet/sent.html",
        kind=sent_kind(invitation),
        already=format_date(invitation.submitted_at, DATE_IN_WORDS),
        read=invitation.read_at is not None,
    )


@bp.route("/my-say/saved")
def saved():
    """Your answers are saved: the same link opens where you left off."""
    return render_template("booklet/saved.html")
