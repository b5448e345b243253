"""The bundled booklets as content: what they cover, their pictures, and the child's own words."""

import re

import pytest
from flask import render_template_string

from app.domain.booklets.definitions import (
    BOOKLET_DIR,
    PICTURES,
    BookletError,
    booklet_of,
    latest_version,
    load_file,
    parse_definition,
    publish_bundled,
)
from app.domain.reading.answers import read_invitation
from app.domain.reading.history import review_menu
from app.domain.themes.engine import THEMES
from app.extensions import db
from app.models import Answer, Invitation
from tests.factories import make_invitation, one_page_booklet, soup, text_of

CHILD_BOOKLETS = ["little", "middle", "teen", "moving_on", "easy"]
BUNDLED = sorted(path.stem for path in BOOKLET_DIR.glob("*.yaml"))
HELPERS = ["on_my_own", "carer", "social_worker", "advocate", "interpreter", "someone_else"]


def _invite(slug: str) -> tuple[int, str]:
    link = make_invitation(ref="C1", name="Jo", version=latest_version(slug), review_in=20)
    return link.id, link.token


def _definition(question: dict, page: dict | None = None) -> dict:
    return one_page_booklet("t", [question], page={"title": "P", **(page or {})})


def choice_words(page) -> list[str]:
    return [span.get_text() for span in page.select("span.choice-words")]


def _answer_for(question) -> str | list[str]:
    """A valid posted answer for any kind, picking the last choice so no default can pass."""
    if question.is_text:
        return f"words for {question.key}"
    if question.kind == "scale10":
        return "7"
    if question.kind == "choose_many":
        return [question.choices[0], question.choices[-1]]
    return question.choices[-1]


# Every booklet loads and covers what the issue asks


@pytest.mark.parametrize("slug", BUNDLED)
def test_every_bundled_booklet_loads_and_uses_only_known_themes(slug):
    booklet = load_file(BOOKLET_DIR / f"{slug}.yaml")
    themes = {q.theme for q in booklet.questions() if q.theme}
    assert themes <= set(THEMES), themes - set(THEMES)


def test_all_the_issue_booklets_are_bundled():
    assert {"little", "middle", "teen", "moving_on", "easy", "parent", "carer", "after"} <= set(
        BUNDLED
    )


@pytest.mark.parametrize("slug", CHILD_BOOKLETS)
def test_each_child_booklet_covers_every_part_of_a_childs_life(slug):
    booklet = load_file(BOOKLET_DIR / f"{slug}.yaml")
    themes = {q.theme for q in booklet.questions()}
    for theme in ("home", "family_time", "friends", "school", "health", "independence"):
        assert theme in themes, f"{slug} asks nothing about {theme}"
    assert themes & {"social_worker", "review"}, f"{slug} asks nothing about who helps"
    # The youngest and those who read little draw their houses; the others write them.
    drawn = "drawing" if slug in ("little", "easy") else "long_text"
    for key in ("house_good", "house_worries", "house_wishes"):
        assert booklet.question(key).kind == drawn
    helped = booklet.question("helped_by")
    assert helped.kind == "choose_many"
    assert helped.choices == HELPERS
    assert booklet.pages[-1].questions[-1] is helped
    assert "venue_request" in {q.measure for q in booklet.questions()}


def test_little_and_easy_keep_to_three_faces_and_few_choices():
    for slug in ("little", "easy"):
        booklet = load_file(BOOKLET_DIR / f"{slug}.yaml")
        kinds = {q.kind for q in booklet.questions()}
        assert "faces3" in kinds and "faces5" not in kinds and "scale10" not in kinds
        for q in booklet.questions():
            if q.key != "helped_by" and q.kind in ("choose_one", "choose_many"):
                assert len(q.options) <= (3 if slug == "easy" else 6), q.key
    easy = load_file(BOOKLET_DIR / "easy.yaml")
    for q in easy.questions():
        if q.kind in ("choose_one", "choose_many"):
            assert all(q.picture(key) for key, _ in q.options), f"{q.key} has no picture"
    little = load_file(BOOKLET_DIR / "little.yaml")
    assert "Tell your carer and they can write it down" in little.question("house_good").hint


def test_teen_booklet_has_the_whole_review_menu():
    teen = load_file(BOOKLET_DIR / "teen.yaml")
    measures = {q.measure: q.key for q in teen.questions() if q.measure}
    for measure in ("venue_request", "request_chair", "request_advocate", "request_alone"):
        assert measure in measures
    assert teen.question("review_where").choices == [
        "home",
        "school",
        "office",
        "video",
        "somewhere_else",
    ]
    assert teen.question("review_when").choices == [
        "after_school",
        "during_school",
        "weekend",
        "dont_mind",
    ]
    assert teen.question("review_who").kind == "choose_many"
    assert teen.question("review_not_who").kind == "choose_many"
    assert "NOT" in teen.question("review_not_who").label
    private = teen.question("review_private")
    assert private.kind == "long_text" and "in front of everyone" in private.label


def test_middle_keeps_its_old_keys_in_a_new_version(app):
    old = {
        "home_feel",
        "family_time_more",
        "likes",
        "review_where",
        "house_wishes",
        "share_words",
    }
    middle = booklet_of(latest_version("middle"))
    assert middle.version >= 2
    assert old <= {q.key for q in middle.questions()}


# Pictures on options


def test_an_unknown_picture_is_refused_in_plain_words():
    question = {
        "key": "likes",
        "kind": "choose_many",
        "label": "What do you like?",
        "options": [
            {"key": "ball", "label": "Ball", "picture": "football"},
            {"key": "horse", "label": "Horses", "picture": "unicorn"},
        ],
    }
    with pytest.raises(BookletError) as error:
        parse_definition(_definition(question), "t.yaml")
    message = str(error.value)
    assert "page 1, question 1, option 2" in message
    assert "no picture called 'unicorn'" in message
    assert "football" in message


def test_an_option_without_words_is_refused():
    question = {
        "key": "q",
        "kind": "choose_one",
        "label": "Q?",
        "options": [{"key": "a", "picture": "house"}, {"key": "b", "label": "B"}],
    }
    with pytest.raises(BookletError, match="option 1 needs a 'key' and a 'label'"):
        parse_definition(_definition(question))


def test_every_picture_is_drawn_and_hidden_from_screen_readers(app):
    with app.test_request_context():
        for name in PICTURES:
            svg = soup(
                render_template_string(
                    '{% from "booklet/_pictures.html" import picture %}{{ picture(name) }}',
                    name=name,
                )
            ).select_one("svg")
            assert f"picture-{name}" in svg["class"] and svg["aria-hidden"] == "true"
            assert svg.select_one("path, circle, rect"), f"{name} draws nothing"


def test_pictures_show_beside_the_words_of_their_option(app, client):
    _id, token = _invite("little")
    client.get(f"/b/{token}")
    little = booklet_of(latest_version("little"))
    number = next(n for n, p in enumerate(little.pages, 1) if p.key == "play")
    page = client.get(f"/my-say/page/{number}").page
    label = page.select_one('label[for="q-likes-ball"]')
    assert label.select_one('svg.picture-football[aria-hidden="true"]')
    assert label.select_one("span.choice-words").get_text() == "Playing ball"
    faces = page.select_one('label[for="q-school_feel-happy"]')
    assert "picture-" not in str(faces)


# The child's own words for the people in their life


def test_an_unknown_placeholder_is_refused():
    question = {"key": "q", "kind": "yes_no_unsure", "label": "Do you like {foster}?"}
    with pytest.raises(BookletError, match=r"'\{foster\}' is not a word we can fill in"):
        parse_definition(_definition(question))
    with pytest.raises(BookletError, match="page 1"):
        parse_definition(_definition({**question, "label": "Q?"}, {"intro": "Hi {nan}"}))


def _page_asking(booklet, key: str) -> int:
    """The number of the booklet's page that asks the question ``key``."""
    return next(n for n, p in enumerate(booklet.pages, 1) if key in [q.key for q in p.questions])


def test_the_childs_own_words_are_used_back_to_them(app, client):
    invitation_id, token = _invite("teen")
    client.get(f"/b/{token}")
    teen = booklet_of(latest_version("teen"))
    words = _page_asking(teen, "carer_word")
    who = _page_asking(teen, "review_who")
    # Asked last, in a fold the child may leave closed (issue #15): never the first thing asked,
    # so until then the review menu says "your mum", which hurts no one.
    assert words == len(teen.pages) > who
    assert all(teen.question(k).folded for k in ("carer_word", "mum_word", "dad_word"))
    before = choice_words(client.get(f"/my-say/page/{who}").page)
    assert {"Your carer", "Your mum", "Your dad"} <= set(before)
    client.post(f"/my-say/page/{who}", data={"review_who": ["carer", "mum"]})

    response = client.post(
        f"/my-say/page/{words}",
        data={"carer_word": "  nan and   Pop ", "mum_word": "Mama", "dad_word": ""},
    )
    assert response.status_code == 302
    # Given, the words come back wherever the menu is read: its page, the check page, the IRO's.
    menu = choice_words(client.get(f"/my-say/page/{who}").page)
    # At the start of an option the child's word gets a capital; a parent not named stays plain.
    assert {"Nan and Pop", "Mama", "Your dad"} <= set(menu)
    check = client.get("/my-say/check").get_data(as_text=True)
    assert "Nan and Pop, Mama" in check

    # The IRO reads each answer as the child saw it.
    reading = read_invitation(db.session.get(Invitation, invitation_id))
    assert {a.key: a.words for a in reading.answers}["review_who"] == "Nan and Pop, Mama"

    client.post("/my-say/check")
    menu = review_menu(db.session.get(Invitation, invitation_id))
    assert ("who", "Nan and Pop, Mama") in [(line.item, line.words) for line in menu]


def test_the_fold_of_words_opens_only_once_something_in_it_is_answered(app, client):
    _id, token = _invite("teen")
    client.get(f"/b/{token}")
    teen = booklet_of(latest_version("teen"))
    words = _page_asking(teen, "mum_word")
    shown = client.get(f"/my-say/page/{words}").page
    fold = shown.select_one("main form details.question-fold")
    assert fold is not None and not fold.has_attr("open")
    assert text_of(fold.summary) == "If you like: what you call the people in your life"
    inside = [q["id"] for q in fold.select(".question")]
    assert inside == ["q-carer_word-group", "q-mum_word-group", "q-dad_word-group"]
    # Nothing else is tucked away: every other question on the page shows.
    assert len(shown.select("main form .question")) == len(teen.pages[words - 1].questions)
    client.post(f"/my-say/page/{words}", data={"dad_word": "Pete"})
    again = client.get(f"/my-say/page/{words}").page
    assert again.select_one("details.question-fold").has_attr("open")


@pytest.mark.parametrize(
    ("page", "problem"),
    [
        ({"fold": "More"}, "has a fold but no question says 'folded: true'"),
        ({"folded": [0]}, "the page has no 'fold' to put it in"),
        ({"fold": "More", "folded": [0, 2]}, "must come one after another"),
        ({"fold": "  ", "folded": [0]}, "'fold' must be the words shown on the fold"),
        ({"fold": "About {nan}", "folded": [0]}, "'{nan}' is not a word we can fill in"),
    ],
)
def test_a_fold_that_cannot_work_is_refused_in_plain_words(page, problem):
    folded = page.pop("folded", [])
    questions = [
        {"key": f"q{n}", "kind": "text", "label": "Q?", **({"folded": True} if n in folded else {})}
        for n in range(3)
    ]
    data = {
        "slug": "t",
        "version": 1,
        "title": "T",
        "pages": [{"title": "P", **page, "questions": questions}],
    }
    with pytest.raises(BookletError, match=re.escape(problem)):
        parse_definition(data)


def test_teen_version_4_asks_what_version_3_asked_on_half_the_pages():
    v4 = load_file(BOOKLET_DIR / "teen.yaml")
    v3 = load_file(BOOKLET_DIR / "older" / "teen_v3.yaml")
    assert (v3.version, v4.version) == (3, 4)
    assert len(v4.pages) == 4 < len(v3.pages) == 8
    # The same keys and measures, so answers compare across versions and the reports count them.
    assert sorted(q.key for q in v4.questions()) == sorted(q.key for q in v3.questions())
    for old in v3.questions():
        new = v4.question(old.key)
        assert (new.kind, new.label, new.measure, new.options) == (
            old.kind,
            old.label,
            old.measure,
            old.options,
        )
        assert (new.urgent_answers, new.worry_answers) == (old.urgent_answers, old.worry_answers)


def test_a_word_kept_for_the_iro_only_stays_out_of_what_others_read(app, client):
    invitation_id, token = _invite("teen")
    client.get(f"/b/{token}")
    teen = booklet_of(latest_version("teen"))
    words = _page_asking(teen, "mum_word")
    client.post(f"/my-say/page/{words}", data={"mum_word": "Lisa", "mum_word-only-iro": "yes"})
    who = _page_asking(teen, "review_who")
    # The child who wrote it still sees their own word.
    assert "Lisa" in choice_words(client.get(f"/my-say/page/{who}").page)
    client.post(f"/my-say/page/{who}", data={"review_who": ["mum"]})
    reading = read_invitation(db.session.get(Invitation, invitation_id))
    assert {a.key: a.words for a in reading.answers}["review_who"] == "Your mum"


def test_rather_not_say_keeps_the_default_words(app, client):
    _id, token = _invite("little")
    client.get(f"/b/{token}")
    client.post("/my-say/page/1", data={"carer_word-rather_not_say": "yes"})
    little = booklet_of(latest_version("little"))
    number = next(n for n, p in enumerate(little.pages, 1) if p.key == "feelings")
    html = client.get(f"/my-say/page/{number}").get_data(as_text=True)
    assert "When you feel sad, can you tell your carer?" in html


# Every booklet can be filled to the end through the pages a child sees


@pytest.mark.parametrize("slug", CHILD_BOOKLETS)
def test_every_child_booklet_renders_each_kind_and_fills_to_the_end(app, client, slug):
    invitation_id, token = _invite(slug)
    client.get(f"/b/{token}")
    booklet = booklet_of(latest_version(slug))
    for number, page in enumerate(booklet.pages, start=1):
        shown = client.get(f"/my-say/page/{number}").page
        assert f"Page {number} of {len(booklet.pages)}" in text_of(shown)
        for q in page.questions:
            if q.kind == "drawing":
                # A drawing (or its photo), then words a grown-up may write, in one fieldset.
                assert shown.select_one(f"fieldset#q-{q.key} > legend.question-label")
                assert shown.select_one(f'input[type="file"][name="{q.key}-drawing"]')
                assert shown.select_one(f'label[for="q-{q.key}-words"]')
                assert shown.select_one(f"#q-{q.key}-only-iro")
            elif q.is_text:
                assert shown.select_one(f'label.question-label[for="q-{q.key}"]')
                assert shown.select_one(f"#q-{q.key}-only-iro")
            else:
                legend = shown.select_one(f"fieldset#q-{q.key} > legend.question-label")
                assert legend, f"{slug}: {q.key} has no fieldset and legend"
                assert legend.find_previous_sibling() is None, "the legend comes first"
                for value in q.choices:
                    assert shown.select_one(f'label[for="q-{q.key}-{value}"]')
            assert f"q-{q.key}-rather_not_say" in str(shown)
        data = {q.key: _answer_for(q) for q in page.questions}
        response = client.post(f"/my-say/page/{number}", data=data)
        assert response.status_code == 302, f"{slug} page {number} was refused"
    assert client.get("/my-say/check").status_code == 200
    assert client.post("/my-say/check").headers["Location"].endswith("/my-say/sent")

    db.session.expire_all()
    invitation = db.session.get(Invitation, invitation_id)
    assert invitation.submitted_at is not None
    saved = db.session.execute(db.select(Answer).filter_by(invitation_id=invitation_id)).scalars()
    saved = {a.question_key: a.value for a in saved}
    assert set(saved) == {q.key for q in booklet.questions()}
    assert saved["helped_by"] == ["on_my_own", "someone_else"]


TINY = """slug: tiny
version: {version}
title: {title}
pages:
  - title: One
    questions:
      - {{key: q, kind: faces3, label: How are you?}}
"""


def test_a_booklet_file_is_parsed_once_and_again_when_it_changes(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY.format(version=1, title="Tiny"))
    first = load_file(path)
    assert load_file(path) is first
    path.write_text(TINY.format(version=2, title="Tiny again"))
    changed = load_file(path)
    assert (changed.version, changed.title) == (2, "Tiny again")


def test_each_published_version_has_its_own_copy_of_the_file(app):
    """The parsed file is cached: a change to one published definition must not reach the next."""

    def publish_again():
        db.session.rollback()  # ends the transaction, so the tables can be dropped
        db.drop_all()
        db.create_all()
        return {version.slug: version for version in publish_bundled()}

    middle = publish_again()["middle"]
    title = middle.definition["title"]
    middle.definition["title"] = "Changed in memory only"
    assert publish_again()["middle"].definition["title"] == title
