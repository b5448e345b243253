"""The outcome of a review: the form checks its fields against each other and against the
review, and the domain records it, with the suggested code when the IRO chose none."""

from datetime import date

from app.domain.reviews import outcome
from app.extensions import db
from app.models import Child, Review, Role, User
from app.staff.forms import OutcomeForm


def a_review() -> Review:
    child = Child(child_ref="C-5", preferred_name="Ben", date_of_birth=date(2015, 1, 5))
    review = Review(child=child, review_date=date(2026, 6, 10))
    db.session.add(review)
    db.session.commit()
    return review


def test_problems_are_listed_in_the_order_the_page_shows_the_fields(app):
    posted = {
        "took_part": "",
        "participation_code": "",
        "venue": "",
        "last_seen": "2026-06-11",  # the day after the review
        "decisions-0-asked": "",
        "decisions-0-decided": "A new bedroom",
    }
    with app.test_request_context(method="POST", data=posted):
        form = OutcomeForm(review=a_review())
        assert not form.validate()
        problems = form.problems()
    assert [field for field, _message in problems] == [
        "took_part",
        "last_seen",
        "decisions-0-asked",
    ]
    assert "Choose how Ben took part" in problems[0][1]
    assert "on or before the review date, 10 June 2026" in problems[1][1]
    assert "Say what Ben asked for" in problems[2][1]


def test_an_outcome_without_a_code_records_the_one_the_facts_point_to(app):
    with app.app_context():
        review = a_review()
        # No password: this IRO never signs in here.
        iro = User(email="iro5@example.org", name="Sam Patel", role=Role.IRO, password_hash="!")
        db.session.add(iro)
        db.session.flush()
        recorded = outcome.Outcome(
            took_part="absent_advocate",
            advocate_attended=True,
            decisions=[(" I would like to chair my review. ", ""), ("", " ")],
        )
        outcome.record(review, recorded, by=iro)
        db.session.commit()
        assert review.participation_code == "PN5"
        assert review.child_attended is False and review.advocate_attended is True
        assert review.decisions == [{"asked": "I would like to chair my review.", "decided": ""}]
        assert review.outcome_recorded_by_id == iro.id and review.outcome_recorded_at is not None
