"""A question's HTML, drawn once and kept for every child who sees it the same way.

Most of a booklet page is its questions, and a question that offers choices (faces, yes / no /
not sure, a list, 0 to 10) looks the same for every child who picked the same ones, in the same
language: only which choice is checked differs. Drawing one takes a dozen macro calls and a
lookup for every word, about a tenth of a page's time (bench/load.py, issue 13), so the finished
HTML is kept per question, catalogue, checked choices and symbols. Nothing a child wrote is
kept: questions with words, a drawing, or an error to show are drawn every time.
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


def _draw(field: QuestionField, symbols: bool) -> Markup:
    questions = current_app.jinja_env.get_template("booklet/_questions.html")
    return questions.module.question(field, symbols)


@bp.app_template_global()
def booklet_question(field: QuestionField, symbols: bool = False) -> Markup:
    """The question as the page shows it (the ``question`` macro of booklet/_questions.html)."""
    question = field.question
    if question.is_text or question.kind == "drawing" or field.error or field.text or field.media:
        return _draw(field, symbols)
    words = request_translations()
    key = (id(question), id(words), frozenset(field.selected), bool(symbols))
    kept = _KEPT.get(key)
    # The objects themselves are kept with the HTML: an id is only unique while its object lives.
    if kept is not None and kept[0] is question and kept[1] is words:
        return kept[2]
    html = _draw(field, symbols)
    if len(_KEPT) >= _MOST_KEPT:
        _KEPT.clear()
    _KEPT[key] = (question, words, html)
    return html
