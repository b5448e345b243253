"""Booklet definitions: content files (YAML) validated on load, published as numbered versions.

A definition looks like this (see ``app/booklets/middle.yaml``)::

    slug: middle
    version: 1
    title: My Say
    audience: child          # child, parent or carer
    ages: [8, 11]
    pages:
      - key: home
        title: Where I live
        questions:
          - key: home_feel
            kind: faces5
            label: How do you feel about where you live?

Question kinds and what an answer holds:

- ``faces3`` / ``faces5``: one of the face keys (see FACES);
- ``yes_no_unsure``: ``yes``, ``no`` or ``not_sure``;
- ``choose_one``: one option key; ``choose_many``: a list of option keys;
- ``scale10``: a whole number 0 to 10;
- ``text`` / ``long_text``: the child's words; they may mark them "only my IRO can see this".
- ``drawing``: a drawing (drawn on the screen, or a photo of one on paper) and, where the phone
  can record, a voice answer, both kept apart (see :mod:`app.domain.media`); and, like
  ``long_text``, words a grown-up may write down for the child.

Every question may also be answered ``rather_not_say``.

An option of a choice question may carry a ``picture:`` (one of PICTURES, small drawings made for
this project in ``templates/booklet/_pictures.html``); the option's words stay its label.

Words the child sees may say ``{carer}``, ``{mum}`` or ``{dad}`` (``{Carer}`` at the start of a
sentence): the child's own word for that person, from their answer to the short-text question with
``measure: word_for_carer`` (``word_for_mum``, ``word_for_dad``), or "your carer" until then
(see :mod:`app.domain.booklets.own_words`).

A question with choices may say which answers need a person today (see
:mod:`app.domain.themes.triggers`): ``urgent_answers: [no]`` raises the same urgent alert as a
child's words suggesting harm now, and ``worry_answers: [not_sure]`` marks the booklet "read
today" for the IRO without an alert. Both list the question's own choice keys.

A page may tuck optional questions into a fold the child opens only if they want to: the page says
``fold: <the words on the fold>``, and each question inside it ``folded: true`` (they must come
one after another). Skipping the fold costs no tap; its questions are answered like any other.

A question may carry a ``measure:`` (see MEASURES): the reports find answers by measure, across
booklets and versions, never by question key, so that a reworded or renamed question still counts.
A measure fits one kind of question and may be used once per booklet.
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from app.extensions import db
from app.models import BookletVersion

BOOKLET_DIR = Path(__file__).resolve().parents[2] / "booklets"
# libyaml's loader is about ten times faster than the pure-Python one; PyYAML built without
# libyaml has only the latter. Both build the same plain data (SafeLoader's constructors).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
RATHER_NOT_SAY = "rather_not_say"
# "After my review": asked once the review is held; not a consultation before it.
AFTER_SLUG = "after"

FACES = {
    "faces3": ["happy", "ok", "sad"],
    "faces5": ["very_happy", "happy", "ok", "sad", "very_sad"],
}
FIXED_CHOICES = {
    "yes_no_unsure": ["yes", "no", "not_sure"],
}
KINDS = {
    "faces3",
    "faces5",
    "yes_no_unsure",
    "choose_one",
    "choose_many",
    "scale10",
    "text",
    "long_text",
    "drawing",
}
# Kinds whose answer is the child's words (a drawing question's words are optional, beside it).
TEXT_KINDS = {"text", "long_text", "drawing"}
VENUE_CHOICES = ("home", "school", "office", "video", "somewhere_else")
# measure -> the kind of question it fits; venue_request's options must come from VENUE_CHOICES.
MEASURES = {
    "review_score": "scale10",
    "venue_request": "choose_one",
    "request_chair": "yes_no_unsure",
    "request_advocate": "yes_no_unsure",
    "request_alone": "yes_no_unsure",
    "share_consent": "yes_no_unsure",
    "word_for_carer": "text",
    "word_for_mum": "text",
    "word_for_dad": "text",
}
# The drawings a booklet option may show; each has a branch in templates/booklet/_pictures.html.
PICTURES = (
    "house",
    "family",
    "friends",
    "school",
    "football",
    "music",
    "games",
    "art",
    "swimming",
    "pets",
    "doctor",
    "phone",
    "money",
    "bed",
    "car",
    "video",
    "office",
    "chair",
    "speech",
    "food",
    "heart",
    "helper",
    "star",
)
# Placeholders for the child's own words; anything else in braces is a typing mistake.
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
PEOPLE = ("carer", "mum", "dad")
AUDIENCES = {"child", "parent", "carer"}

# Bands from domain.md, youngest first; an IRO may override the one the age gives.
BANDS = [
    ("little", 4, 7),
    ("middle", 8, 11),
    ("teen", 12, 17),
    # 16 and 17 year olds with a pathway plan may be moved to "moving on" by their IRO.
    ("moving_on", 18, 25),
]


class BookletError(ValueError):
    """A definition that cannot be used, with every problem in plain words."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


@dataclass(frozen=True)
class Question:
    key: str
    kind: str
    label: str
    hint: str | None
    options: tuple[tuple[str, str], ...]  # (key, words the child sees)
    theme: str | None
    measure: str | None = None
    pictures: tuple[tuple[str, str], ...] = ()  # (option key, picture name)
    # Choice keys that need a person today: urgent ones raise an alert, worries are read today.
    urgent_answers: tuple[str, ...] = ()
    worry_answers: tuple[str, ...] = ()
    folded: bool = False  # inside the page's fold: optional, shown when the child opens it

    def picture(self, option_key: str) -> str | None:
        return next((name for key, name in self.pictures if key == option_key), None)

    @property
    def choices(self) -> list[str]:
        if self.kind in FACES:
            return FACES[self.kind]
        if self.kind in FIXED_CHOICES:
            return FIXED_CHOICES[self.kind]
        return [key for key, _ in self.options]

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS


@dataclass(frozen=True)
class Page:
    key: str
    title: str
    intro: str | None
    questions: tuple[Question, ...]
    fold: str | None = None  # the words on the page's fold of optional questions, if it has one


@dataclass(frozen=True)
class Booklet:
    slug: str
    version: int
    title: str
    audience: str
    pages: tuple[Page, ...]

    def questions(self):
        for page in self.pages:
            yield from page.questions

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions() if q.key == key), None)


def parse_definition(data: object, source: str = "booklet") -> Booklet:
    """Check a loaded definition and build a Booklet, or raise BookletError naming every problem."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise BookletError(source, ["the file must describe one booklet, starting with 'slug:'"])
    for field in ("slug", "version", "title", "pages"):
        if field not in data:
            problems.append(f"'{field}' is missing")
    if not isinstance(data.get("version", 1), int):
        problems.append("'version' must be a whole number")
    audience = data.get("audience", "child")
    if audience not in AUDIENCES:
        problems.append(f"'audience' must be one of {', '.join(sorted(AUDIENCES))}")
    pages: list[Page] = []
    seen: set[str] = set()
    measured: dict[str, str] = {}
    for p_index, page in enumerate(data.get("pages") or [], start=1):
        where = f"page {p_index}"
        if not isinstance(page, dict) or not page.get("questions"):
            problems.append(f"{where} has no questions")
            continue
        questions = []
        for q_index, q in enumerate(page["questions"], start=1):
            q_where = f"{where}, question {q_index}"
            question = _parse_question(q, q_where, problems)
            if question is None:
                continue
            if question.key in seen:
                problems.append(f"{q_where}: the key '{question.key}' is used twice")
            seen.add(question.key)
            if question.measure:
                if question.measure in measured:
                    problems.append(
                        f"{q_where}: the measure '{question.measure}' is already used by "
                        f"'{measured[question.measure]}' (a booklet may ask it only once)"
                    )
                measured.setdefault(question.measure, question.key)
            questions.append(question)
        _check_placeholders(
            [page.get("title"), page.get("intro"), page.get("fold")], where, problems
        )
        _check_fold(page.get("fold"), questions, where, problems)
        pages.append(
            Page(
                key=str(page.get("key", f"page{p_index}")),
                title=str(page.get("title", "")),
                intro=page.get("intro"),
                questions=tuple(questions),
                fold=page.get("fold") or None,
            )
        )
    if not pages and "pages" in data:
        problems.append("the booklet has no pages")
    if problems:
        raise BookletError(source, problems)
    return Booklet(
        slug=str(data["slug"]),
        version=int(data["version"]),
        title=str(data["title"]),
        audience=audience,
        pages=tuple(pages),
    )


def _parse_question(q: object, where: str, problems: list[str]) -> Question | None:
    if not isinstance(q, dict):
        problems.append(f"{where} must have a key, a kind and a label")
        return None
    missing = [f for f in ("key", "kind", "label") if not q.get(f)]
    if missing:
        problems.append(f"{where} needs {', '.join(repr(m) for m in missing)}")
        return None
    if q["kind"] not in KINDS:
        problems.append(f"{where}: '{q['kind']}' is not a kind of question we know")
        return None
    options, pictures = _parse_options(q.get("options") or [], where, problems)
    if q["kind"] in ("choose_one", "choose_many") and len(options) < 2:
        problems.append(f"{where}: a choice question needs at least two options")
    measure = _check_measure(q, options, where, problems)
    question = Question(str(q["key"]), q["kind"], str(q["label"]), None, options, None)
    urgent = _check_triggers(q, "urgent_answers", question.choices, where, problems)
    worry = _check_triggers(q, "worry_answers", question.choices, where, problems)
    if set(urgent) & set(worry):
        problems.append(
            f"{where}: an answer cannot be both urgent and a worry ("
            + ", ".join(sorted(set(urgent) & set(worry)))
            + ")"
        )
    _check_placeholders(
        [q["label"], q.get("hint"), *(label for _, label in options)], where, problems
    )
    return Question(
        key=str(q["key"]),
        kind=q["kind"],
        label=str(q["label"]),
        hint=q.get("hint"),
        options=options,
        theme=q.get("theme"),
        measure=measure,
        pictures=pictures,
        urgent_answers=urgent,
        worry_answers=worry,
        folded=q.get("folded") is True,
    )


def _check_fold(fold: object, questions: list[Question], where: str, problems: list[str]) -> None:
    """A fold has words, holds at least one question, and its questions come one after another."""
    folded = [i for i, q in enumerate(questions) if q.folded]
    if fold is not None and (not isinstance(fold, str) or not fold.strip()):
        problems.append(f"{where}: 'fold' must be the words shown on the fold")
    elif fold and not folded:
        problems.append(f"{where} has a fold but no question says 'folded: true'")
    elif folded and not fold:
        problems.append(
            f"{where}: a question says 'folded: true' but the page has no 'fold' to put it in"
        )
    elif folded and folded != list(range(folded[0], folded[-1] + 1)):
        problems.append(f"{where}: the folded questions must come one after another")


def _check_triggers(
    q: dict, name: str, choices: list[str], where: str, problems: list[str]
) -> tuple[str, ...]:
    raw = q.get(name)
    if raw is None:
        return ()
    if q["kind"] in TEXT_KINDS or q["kind"] == "scale10":
        problems.append(
            f"{where}: '{name}' is only for questions with choices; the child's own words are "
            "read by the themes engine"
        )
        return ()
    if isinstance(raw, list):
        # YAML reads a bare no and yes as false and true; in a booklet they are the answers.
        raw = [{True: "yes", False: "no"}[key] if isinstance(key, bool) else key for key in raw]
    if not isinstance(raw, list) or not all(isinstance(key, str) for key in raw) or not raw:
        problems.append(f"{where}: '{name}' must be a list of the question's answers, like [no]")
        return ()
    unknown = [key for key in raw if key not in choices]
    if unknown:
        problems.append(
            f"{where}: '{name}' lists '{unknown[0]}', which is not one of its answers ("
            + ", ".join(choices)
            + ")"
        )
        return ()
    return tuple(raw)


def _parse_options(raw: object, where: str, problems: list[str]):
    options: list[tuple[str, str]] = []
    pictures: list[tuple[str, str]] = []
    if not isinstance(raw, list):
        problems.append(f"{where}: 'options' must be a list, each with a key and a label")
        return (), ()
    for o_index, o in enumerate(raw, start=1):
        if not isinstance(o, dict) or not o.get("key") or not o.get("label"):
            problems.append(f"{where}, option {o_index} needs a 'key' and a 'label'")
            continue
        options.append((str(o["key"]), str(o["label"])))
        picture = o.get("picture")
        if picture is None:
            continue
        if picture not in PICTURES:
            problems.append(
                f"{where}, option {o_index}: there is no picture called '{picture}'; "
                "use one of " + ", ".join(PICTURES)
            )
            continue
        pictures.append((str(o["key"]), picture))
    return tuple(options), tuple(pictures)


def _check_placeholders(texts: list[object], where: str, problems: list[str]) -> None:
    for text in texts:
        for name in PLACEHOLDER.findall(str(text or "")):
            if name.lower() not in PEOPLE:
                problems.append(
                    f"{where}: '{{{name}}}' is not a word we can fill in; use "
                    + ", ".join("{" + p + "}" for p in PEOPLE)
                )


def _check_measure(q: dict, options, where: str, problems: list[str]) -> str | None:
    measure = q.get("measure")
    if measure is None:
        return None
    if measure not in MEASURES:
        problems.append(
            f"{where}: '{measure}' is not a measure we know; use one of " + ", ".join(MEASURES)
        )
        return None
    if q["kind"] != MEASURES[measure]:
        problems.append(
            f"{where}: the measure '{measure}' needs a question of kind '{MEASURES[measure]}', "
            f"not '{q['kind']}'"
        )
        return None
    strange = [key for key, _ in options if key not in VENUE_CHOICES]
    if measure == "venue_request" and strange:
        problems.append(
            f"{where}: the measure 'venue_request' counts only the options "
            + ", ".join(VENUE_CHOICES)
            + f"; '{strange[0]}' is not one of them"
        )
        return None
    return measure


def load_file(path: Path) -> Booklet:
    return _load(path)[1]


def _load(path: Path) -> tuple[dict, Booklet]:
    """The file's data and its checked booklet, parsed once while the file stays the same."""
    stat = path.stat()
    return _parse_file(str(path), stat.st_mtime_ns, stat.st_size)


# Keyed by the file's modification time and size as well as its path, so that an edited file is
# read again; publishing the bundled booklets (every app start, every test) then costs no parsing.
@functools.lru_cache(maxsize=64)
def _parse_file(path: str, mtime_ns: int, size: int) -> tuple[dict, Booklet]:
    name = Path(path).name
    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark else ""
        raise BookletError(name, [f"{line}this is not valid YAML"]) from None
    return data, parse_definition(data, name)


def booklet_of(version: BookletVersion) -> Booklet:
    """The published version's booklet, parsed once per process (a page asks on every request).

    A published version is never edited (a change is a new version), so its id, slug, number and
    publishing time name its definition; they are all in the key because a test database made
    again gives the same id to another booklet. A Booklet is frozen, so sharing it is safe.
    """
    key = (version.id, version.slug, version.version, version.published_at)
    booklet = _PUBLISHED.get(key)
    if booklet is None:
        if len(_PUBLISHED) >= _PUBLISHED_KEPT:
            _PUBLISHED.clear()
        booklet = parse_definition(version.definition, f"{version.slug} v{version.version}")
        _PUBLISHED[key] = booklet
    return booklet


_PUBLISHED: dict[tuple, Booklet] = {}
_PUBLISHED_KEPT = 256


def publish_bundled() -> list[BookletVersion]:
    """Publish each bundled definition whose version is not in the database yet (safe to repeat)."""
    published = []
    for path in sorted(BOOKLET_DIR.glob("*.yaml")):
        data, booklet = _load(path)
        exists = db.session.execute(
            db.select(BookletVersion).filter_by(slug=booklet.slug, version=booklet.version)
        ).scalar_one_or_none()
        if exists is None:
            # A copy: the parsed data is shared through the cache and must not change under it.
            definition = copy.deepcopy(data)
            exists = BookletVersion(
                slug=booklet.slug, version=booklet.version, definition=definition
            )
            db.session.add(exists)
        published.append(exists)
    db.session.flush()
    return published


def latest_version(slug: str) -> BookletVersion | None:
    return db.session.execute(
        db.select(BookletVersion)
        .filter_by(slug=slug)
        .order_by(BookletVersion.version.desc())
        .limit(1)
    ).scalar_one_or_none()


def band_for_age(age: int) -> str | None:
    """The booklet band domain.md gives for an age; None under 4, when a carer is asked instead."""
    for slug, low, high in BANDS:
        if low <= age <= high:
            return slug
    return None


def suggested_slug(date_of_birth: date, on: date) -> str | None:
    age = (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )
    return band_for_age(age)
