"""Measures: how booklet questions are tagged so that reports can find them in any version."""

import pytest

from app.domain.booklets.definitions import BookletError, latest_version, parse_definition
from tests.factories import one_page_booklet

# Measures in booklet definitions


def _definition(**question):
    return one_page_booklet("t", [{"key": "q", "label": "Q?", **question}])


@pytest.mark.parametrize(
    "question, message",
    [
        ({"kind": "scale10", "measure": "happiness"}, "'happiness' is not a measure we know"),
        (
            {"kind": "yes_no_unsure", "measure": "review_score"},
            "needs a question of kind 'scale10'",
        ),
        (
            {
                "kind": "choose_one",
                "measure": "venue_request",
                "options": [{"key": "home", "label": "Home"}, {"key": "park", "label": "Park"}],
            },
            "'park' is not one of them",
        ),
    ],
)
def test_a_measure_that_cannot_be_counted_is_refused_in_plain_words(question, message):
    with pytest.raises(BookletError) as error:
        parse_definition(_definition(**question), "t.yaml")
    assert message in str(error.value)
    assert "page 1, question 1" in str(error.value)


def test_a_measure_may_be_asked_once_per_booklet():
    data = _definition(kind="yes_no_unsure", measure="request_chair")
    data["pages"][0]["questions"].append(
        {"key": "q2", "kind": "yes_no_unsure", "label": "Again?", "measure": "request_chair"}
    )
    with pytest.raises(BookletError, match="already used by 'q'"):
        parse_definition(data)


def test_bundled_booklets_carry_the_measures(app):
    middle = parse_definition(latest_version("middle").definition)
    measures = {q.measure: q.kind for q in middle.questions() if q.measure}
    assert measures == {
        "venue_request": "choose_one",
        "request_alone": "yes_no_unsure",
        "request_chair": "yes_no_unsure",
        "request_advocate": "yes_no_unsure",
        "share_consent": "yes_no_unsure",
    }
    after = parse_definition(latest_version("after").definition)
    assert after.title == "How was my review?"
    assert [q.kind for q in after.questions()] == ["scale10", "long_text", "long_text"]
    assert next(after.questions()).measure == "review_score"
