"""Booklet words in every language: a Babel extractor for the booklet files, and a Jinja filter.

The booklet files stay in English, the words their authors write. ``pybabel extract`` collects
every word a child sees from them (through ``extract_booklet``, registered as the
``mysay_booklet`` extraction method) into the same catalogue as the interface, so translators work
in one place; at render time the ``booklet_text`` filter looks each one up in the page's language.
An untranslated string simply shows in English.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml
from flask import Flask, current_app, g
from flask_babel import get_locale, get_translations, refresh
from jinja2 import pass_eval_context
from markupsafe import Markup

# The session key holding the language of a booklet just sent or left for later.
LANGUAGE_KEY = "language"

# Keys whose values a child (or parent, or carer) reads on a booklet page.
SHOWN = ("title", "intro", "fold", "label", "hint")


def extract_booklet(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Yield ``(lineno, funcname, message, comments)`` for every shown string of a booklet file."""
    text = fileobj.read()
    if isinstance(text, bytes):
        text = text.decode(options.get("encoding", "utf-8") if options else "utf-8")
    root = yaml.compose(text)
    if root is None:
        return
    slug = _scalar(root, "slug") or "booklet"
    yield from _walk(root, [slug])


def _scalar(node, key: str) -> str | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for k, v in node.value:
        if k.value == key and isinstance(v, yaml.ScalarNode):
            return v.value
    return None


def _walk(node, where: list[str]) -> Iterator[tuple]:
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(item, where)
    elif isinstance(node, yaml.MappingNode):
        # A translator needs to know where the words appear: "middle / home / home_feel".
        own = _scalar(node, "key")
        here = where + [own] if own else where
        for k, v in node.value:
            if k.value in SHOWN and isinstance(v, yaml.ScalarNode) and v.value.strip():
                yield v.start_mark.line + 1, None, v.value, [" / ".join(here) + f" ({k.value})"]
            elif isinstance(v, yaml.MappingNode | yaml.SequenceNode):
                yield from _walk(v, here)


def request_translations():
    """The page's catalogue, found once per request and locale rather than once per string.

    Flask-Babel's ``gettext`` finds the context, the domain, the locale and its name anew for
    each of a page's 30 to 100 strings; measured in bench/booklet_page.py.
    """
    here = g._get_current_object().__dict__
    cached = here.get("_mysay_translations")
    # Flask-Babel keeps the request's locale on g._flask_babel (babel_locale), cleared when the
    # locale changes (refresh, force_locale): read there, the check costs a dictionary look-up
    # instead of get_locale()'s four (2.4 microseconds, 40 times a page). Should a later
    # Flask-Babel keep it elsewhere, the check fails and get_locale() below answers, as before.
    babel = here.get("_flask_babel")
    if cached is not None and babel is not None and cached[0] is vars(babel).get("babel_locale"):
        return cached[1]
    locale = get_locale()
    if cached is None or cached[0] is not locale:
        cached = here["_mysay_translations"] = (locale, get_translations())
    return cached[1]


@pass_eval_context
def template_gettext(eval_ctx, string: str, /, **variables) -> str:
    """Jinja's newstyle ``gettext``, as its i18n extension makes it, in one call instead of three.

    The extension's ``_`` resolves ``gettext`` in the template's context and calls it through the
    context, which calls the translation function through the context again: each of those calls
    asks the function what it wants passed. On a booklet page that was a tenth of its time
    (bench/booklet_page.py). Same result: escaped when the template escapes, and always treated
    as a format string, so ``%%`` is a percent sign with or without variables.
    """
    rv = request_translations().ugettext(string)
    if eval_ctx.autoescape:
        rv = Markup(rv)
    # Formatting a string with no variables and no ``%`` in it changes nothing, and a Markup
    # string's ``%`` is costly (it escapes its arguments through a wrapper class).
    if not variables and "%" not in rv:
        return rv
    return rv % variables


def booklet_text(text: object) -> str:
    """Booklet words in the page's language; empty for a missing hint or intro."""
    if text is None:
        return ""
    text = str(text)
    return request_translations().ugettext(text) if text else text


def use_language(language: str | None) -> None:
    """Show this request in a respondent's language, when the service has that language."""
    if language and language in current_app.config["LANGUAGES"]:
        g.locale = language
        # Flask-Babel keeps the first locale it picks in a request; forget it, to pick this one.
        refresh()


def page_language() -> dict:
    """The page's ``lang`` and ``dir``, so that screen readers and "listen" use the right voice."""
    locale = get_locale()
    if locale is None:
        return {}
    rtl = locale.character_order == "right-to-left"
    return {"page_lang": str(locale).replace("_", "-"), "page_dir": "rtl" if rtl else "ltr"}


def init_app(app: Flask) -> None:
    app.add_template_filter(booklet_text, "booklet_text")
    app.context_processor(page_language)
