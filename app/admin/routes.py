"""Booklet versions: see them, upload a new one, preview it as a child sees it, publish it."""

from collections import defaultdict

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin.blueprint import bp
from app.admin.drafts import publish, save_draft, source_of
from app.admin.forms import PublishForm, UploadForm
from app.booklet.forms import field_from_answer, page_context
from app.domain.booklets.definitions import BookletError, booklet_of, parse_definition
from app.extensions import db, login_manager
from app.models import BookletVersion
from app.models.booklet_drafts import BookletDraft


@bp.before_request
def managers_only():
    # Participation officers work for managers: they and admins look after the booklets.
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_manager:
        abort(403)


def _index(form: UploadForm, problems=None, status=200):
    versions = db.session.execute(
        db.select(BookletVersion).order_by(BookletVersion.slug, BookletVersion.version.desc())
    ).scalars()
    booklets = defaultdict(list)
    for version in versions:
        booklets[version.slug].append(version)
    drafts = db.session.execute(
        db.select(BookletDraft)
        .filter_by(published_id=None)
        .order_by(BookletDraft.uploaded_at.desc(), BookletDraft.id.desc())
    ).scalars()
    return (
        render_template(
            "admin/index.html",
            booklets=[(slug, _title(rows[0]), rows) for slug, rows in booklets.items()],
            drafts=list(drafts),
            form=form,
            problems=problems,
        ),
        status,
    )


@bp.route("/")
def index():
    """Every booklet with its versions, which one is live, drafts waiting, and an upload form."""
    return _index(UploadForm())


@bp.route("/upload", methods=["POST"])
def upload():
    """Check an uploaded booklet file and keep it as a draft to preview; nothing is live yet."""
    form = UploadForm()
    if not form.validate_on_submit():
        return _index(form, status=400)
    file = form.file.data
    try:
        draft = save_draft(file.read(), file.filename or "", current_user)
    except BookletError as error:
        db.session.rollback()
        return _index(form, problems=error, status=400)
    return redirect(url_for("admin.draft", draft_id=draft.id))


def _draft_or_404(draft_id: int) -> BookletDraft:
    draft = db.session.get(BookletDraft, draft_id)
    if draft is None or draft.published_id is not None:
        abort(404)
    return draft


def _draft_page(draft: BookletDraft, problems=None, status=200):
    booklet = parse_definition(draft.definition, f"{draft.slug} v{draft.version}")
    shown = request.args.get("page", 1, type=int)
    if not 1 <= shown <= len(booklet.pages):
        shown = 1
    return (
        render_template(
            "admin/draft.html",
            draft=draft,
            booklet=booklet,
            shown=shown,
            form=PublishForm(),
            problems=problems,
        ),
        status,
    )


@bp.route("/drafts/<int:draft_id>")
def draft(draft_id: int):
    """Preview a draft page by page inside a phone-sized frame, then publish it."""
    return _draft_page(_draft_or_404(draft_id))


@bp.route("/drafts/<int:draft_id>/preview/<int:number>")
def preview(draft_id: int, number: int):
    """One page of a draft, drawn by the child's own page template; nothing here is saved."""
    draft = _draft_or_404(draft_id)
    booklet = parse_definition(draft.definition, f"{draft.slug} v{draft.version}")
    if not 1 <= number <= len(booklet.pages):
        abort(404)
    page = booklet.pages[number - 1]
    back = (
        url_for("admin.preview", draft_id=draft.id, number=number - 1)
        if number > 1
        else url_for("admin.draft", draft_id=draft.id)
    )
    fields = [field_from_answer(q, None) for q in page.questions]
    return render_template(
        "booklet/page.html",
        page=page,
        number=number,
        total=len(booklet.pages),
        fields=fields,
        **page_context(page, fields),
        back=back,
        from_check=False,
    )


@bp.route("/drafts/<int:draft_id>/publish", methods=["POST"])
def publish_draft(draft_id: int):
    """Publish a draft: new invitations get it, invitations already made keep their version."""
    draft = _draft_or_404(draft_id)
    form = PublishForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        version = publish(draft)
    except BookletError as error:
        db.session.rollback()
        return _draft_page(draft, problems=error, status=400)
    flash(
        _(
            "Version %(version)s of “%(slug)s” is live. New invitations get it; "
            "invitations already made keep their version.",
            version=version.version,
            slug=version.slug,
        )
    )
    return redirect(url_for("admin.index"))


@bp.route("/booklets/<slug>/<int:version>.yaml")
def download(slug: str, version: int):
    """The file of a published version, to change and upload as the next one."""
    row = db.session.execute(
        db.select(BookletVersion).filter_by(slug=slug, version=version)
    ).scalar_one_or_none()
    if row is None:
        abort(404)
    return Response(
        source_of(row),
        mimetype="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="{slug}-v{version}.yaml"'},
    )


def _title(version: BookletVersion) -> str:
    try:
        return booklet_of(version).title
    except BookletError:
        return _("(this version cannot be read)")
