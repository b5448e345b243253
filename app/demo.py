"""Demo data for trying My Say on a laptop, loaded by ``flask --app wsgi demo [--serve]``.

Every name here is invented. Running it twice adds nothing twice; each run issues fresh links for
the demo booklets nobody has opened yet, because a link's token is only known when it is made.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from app.domain.booklets.definitions import booklet_of, latest_version, publish_bundled
from app.domain.invitations import links as invitations
from app.domain.messages.urls import path_for
from app.domain.themes.answers import suggest_for
from app.extensions import db
from app.models import Answer, Child, Invitation, Review, Role, Team, User, utcnow

DEMO_PASSWORD = "my-say-demo"
TEAMS = ["Children in Care North", "Children in Care South"]
STAFF = [
    ("priya.shah@example.org", "Priya Shah", Role.IRO, 0, "07700 900101"),
    ("tom.okafor@example.org", "Tom Okafor", Role.IRO, 0, "07700 900102"),
    ("ewa.nowak@example.org", "Ewa Nowak", Role.IRO, 1, "07700 900103"),
    ("morgan.lee@example.org", "Morgan Lee", Role.MANAGER, None, None),
]
# first name, preferred name, age in years, language
CHILDREN = [
    ("Jayden", None, 9, "en"),
    ("Amira", "Mira", 10, "ar"),
    ("Oliwia", None, 8, "pl"),
    ("Kai", None, 11, "en"),
    ("Leah", "Lee", 9, "en"),
    ("Dawit", None, 15, "ti"),
    ("Ruby", None, 6, "en"),
    ("Mohammed", "Mo", 13, "ur"),
    ("Grace", None, 4, "en"),
    ("Tyler", None, 16, "en"),
    ("Ana", None, 10, "ro"),
    ("Harvey", None, 3, "en"),
    ("Zainab", None, 12, "so"),
    ("Connor", None, 17, "en"),
    ("Evie", None, 8, "en"),
    ("Reza", None, 16, "fa"),
    ("Maisie", None, 7, "en"),
    ("Liam", None, 11, "en"),
    ("Sofia", None, 14, "pt"),
    ("Ellis", None, 19, "en"),
]
SAMPLE_WORDS = [
    "I like living here and my carer makes nice food.",
    "I want to see my mum more. Saturdays are not enough.",
    "School is ok but I get told off a lot in maths.",
    "I want to go to football club with my friends.",
    "Nothing, it is fine.",
    "I want my review at school at dinner time not in lesson.",
    "I worry about my little brother.",
    "I wish I could stay here until I am grown up.",
]
URGENT_WORDS = "When I go to contact my uncle hits me and says not to tell anyone."
CODES = ["PN1", "PN1", "PN1", "PN6", "PN6", "PN2", "PN5", "PN7", "PN4", "PN3"]
VENUES = ["placement", "placement", "school", "office", "virtual", "other", None]


def load_demo(base_url: str, today: date | None = None) -> list[tuple[str, str, str]]:
    """Load the demo, and return (child's name, link, short code) for a few live booklets."""
    today = today or date.today()
    rng = random.Random(20261122)  # the same demo every time, so a second run matches the first
    publish_bundled()
    teams = [_get_or_create(Team, name=name) for name in TEAMS]
    staff = []
    for email, name, role, team_index, phone in STAFF:
        user = db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()
        if user is None:
            user = User(email=email, name=name, role=role, phone=phone)
            user.team = teams[team_index] if team_index is not None else None
            user.set_password(DEMO_PASSWORD)
            db.session.add(user)
        staff.append(user)
    iros = [u for u in staff if u.role == Role.IRO]

    for index, (first, preferred, age, language) in enumerate(CHILDREN):
        child_ref = f"DEMO{1001 + index}"
        child = db.session.execute(
            db.select(Child).filter_by(child_ref=child_ref)
        ).scalar_one_or_none()
        if child is not None:
            continue
        born = today - timedelta(days=age * 365 + rng.randint(30, 330))
        iro = iros[index % len(iros)]
        child = Child(
            child_ref=child_ref,
            first_name=first,
            preferred_name=preferred,
            date_of_birth=born,
            language=language,
            team=iro.team,
            iro=iro,
        )
        db.session.add(child)
        _add_reviews(child, index, today, rng)
    db.session.flush()
    _add_booklets(iros, today, rng)
    links = _fresh_links(base_url)
    db.session.commit()
    return links


def _get_or_create(model, **fields):
    found = db.session.execute(db.select(model).filter_by(**fields)).scalar_one_or_none()
    if found is None:
        found = model(**fields)
        db.session.add(found)
    return found


def _add_reviews(child: Child, index: int, today: date, rng: random.Random) -> None:
    # Two past reviews with what the IRO recorded, and the next one coming up.
    for months_ago in (12, 6):
        review_date = today - timedelta(days=months_ago * 30 + rng.randint(0, 20))
        under_four = child.age_on(review_date) < 4
        seen = review_date - timedelta(days=rng.choice([0, 0, 3, 12, 40, 100]))
        child.reviews.append(
            Review(
                review_date=review_date,
                review_type="subsequent",
                team=child.team,
                venue=rng.choice(VENUES),
                participation_code="PN0" if under_four else rng.choice(CODES + [None]),
                child_last_seen_by_iro=seen if rng.random() > 0.1 else None,
            )
        )
    child.reviews.append(
        Review(
            review_date=today + timedelta(days=3 + (index * 5) % 60),
            review_type="subsequent",
            team=child.team,
        )
    )


def _add_booklets(iros: list[User], today: date, rng: random.Random) -> None:
    """Invite the 8 to 11 year olds: some have sent their booklet, some are half way."""
    version = latest_version("middle")
    booklet = booklet_of(version)
    children = db.session.execute(db.select(Child).order_by(Child.child_ref)).scalars().all()
    for n, child in enumerate(c for c in children if 8 <= c.age_on(today) <= 11):
        review = child.reviews[-1]
        if review.invitations:
            continue
        invitation, _token, _code = invitations.create(
            review, version, language=child.language, created_by=child.iro
        )
        if n % 4 >= 2:
            continue  # invited, not opened yet: the demo prints these links
        invitation.opened_at = utcnow()
        pages = booklet.pages if n % 4 == 0 else booklet.pages[:2]
        for page in pages:
            for question in page.questions:
                answer = Answer(
                    invitation=invitation,
                    booklet_version_id=version.id,
                    question_key=question.key,
                    only_iro=question.is_text and rng.random() < 0.15,
                )
                value = _demo_value(question, rng)
                if n == 4 and question.key == "house_worries":
                    # One demo booklet shows the urgent path: flagged, alerted, on top.
                    value = URGENT_WORDS
                answer.set_value(value, words=question.is_text)
                db.session.add(answer)
                if question.is_text:
                    suggest_for(answer, question=question)
        # Pages count from 1, and one past the last page is the check-your-answers page.
        invitation.last_page = len(pages) + 1
        if n % 4 == 0:
            invitation.submitted_at = utcnow()


def _demo_value(question, rng: random.Random):
    if question.is_text:
        return rng.choice(SAMPLE_WORDS)
    if question.kind == "scale10":
        return rng.randint(4, 10)
    if question.kind == "choose_many":
        return rng.sample(question.choices, k=min(2, len(question.choices)))
    return rng.choice(question.choices)


def _fresh_links(base_url: str) -> list[tuple[str, str, str]]:
    """New links for the booklets nobody has opened, since old tokens are kept only as hashes."""
    unopened = (
        db.session.execute(
            db.select(Invitation)
            .filter(
                Invitation.opened_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.submitted_at.is_(None),
            )
            .order_by(Invitation.id)
        )
        .scalars()
        .all()
    )
    links = []
    for old in unopened[:3]:
        invitation, token, code = invitations.create(
            old.review, old.booklet_version, language=old.language
        )
        links.append(
            (
                invitation.review.child.display_name,
                base_url + path_for("booklet.open_link", token=token),
                invitations.format_code(code),
            )
        )
    return links
