"""A question's HTML, drawn once and kept for every child who sees it the same way; the same for
the header's language switch.

Most of a booklet page is its questions, and a question that offers choices (faces, yes / no /
not sure, a list, 0 to 10) looks the same for every child who picked the same ones, in the same
language: only which choice is checked differs. Drawing one takes a dozen macro calls and a
lookup for every word, about a tenth of a page's time (bench/load.py, issue 13), so the finished
HTML is kept per question, catalogue, checked choices and symbols. Nothing a child wrote is
kept: questions with words, a drawing, or an error to show are drawn every time. The language
switch of a question page (17 languages, a button of the page's form) differs only by language.
"""

from __future__ import annotations

from flask import current_app
from markupsafe import Markup

from app.booklet.blueprint import bp
from app.booklet.forms import QuestionField
from app.domain.booklets.i18n import request_translations

# Questions are the parsed booklets' own objects (parsed once per process), so a few hundred
# entries hold every question in every language; the limit only bounds a long-running worker
# whose booklets were republished.
_KEPT: dict[tuple, tuple] = {}
_MOST_KEPT = 4096


def _macro(template: str, name: str):
    # A template imported without context is made into a module once per app, macros and all.
    return getattr(current_app.jinja_env.get_template(template).module, name)


def _kept(key: tuple, holds: tuple, draw) -> Markup:
    """``draw()``, or what it gave before for ``key``. ``key`` names objects by id, and an id is
    only unique while its object lives: the objects (``holds``) are kept with the HTML."""
    kept = _KEPT.get(key)
    if kept is not None and all(a is b for a, b in zip(kept[0], holds, strict=True)):
        return kept[1]
    html = draw()
    if len(_KEPT) >= _MOST_KEPT:
        _KEPT.clear()
    _KEPT[key] = (holds, html)
    return html


@bp.app_template_global()
def booklet_question(field: QuestionField, symbols: bool = False) -> Markup:
    """The question as the page shows it (the ``question`` macro of booklet/_questions.html)."""
    question = field.question

    def draw():
        return _macro("booklet/_questions.html", "question")(field, symbols)

    if question.is_text or question.kind == "drawing" or field.error or field.text or field.media:
        return draw()
    words = request_translations()
    key = ("question", id(question), id(words), frozenset(field.selected), bool(symbols))
    return _kept(key, (question, words), draw)


@bp.app_template_global()
def booklet_language_picker(switch, form_id: str | None = None, path: str | None = None) -> Markup:
    """The header's language switch (the ``language_picker`` macro of booklet/_language.html).
    Without a page form it is a form of its own, with this request's token: drawn every time."""

    def draw():
        return _macro("booklet/_language.html", "language_picker")(switch, form_id, path)

    if not form_id or not switch:
        return draw()
    words = request_translations()
    return _kept(("language", id(words), tuple(switch), form_id), (words,), draw)


@bp.app_template_global()
def iro_explained() -> Markup:
    """What "IRO" means, in the words of components/words.html, for any page or letter.

    A template global rather than ``{% from ... import %}``: an import inside a page is checked
    against every global at each render, a twentieth of a booklet page's time."""
    return _macro("components/words.html", "iro_explained")()


@bp.app_template_global()
def advocate_explained() -> Markup:
    """What "advocate" means, as ``iro_explained``."""
    return _macro("components/words.html", "advocate_explained")()
