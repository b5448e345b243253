"""Review records written in each layout an import reads, from one list of reviews.

The 903 layouts follow the DfE's published SSDA903 specification (Reviews table: CHILD, DOB,
REVIEW, REVIEW_CODE, dates dd/mm/yyyy; XML: EXPSSDA903 / CHILD / HEADER, AREVIEW); the SSD
layout follows data-to-insight's specification (ssd_cla_reviews, ssd_person, ssd_cla_episodes).
"""

from __future__ import annotations

from datetime import date

from app.domain.reports.registry import run, to_csv
from app.extensions import db
from app.models import Child, Review

# (child, date of birth, review date, code)
REVIEWS = [
    ("C1", date(2012, 1, 1), date(2023, 4, 1), "PN1"),
    ("C1", date(2012, 1, 1), date(2023, 10, 1), "PN6"),
    ("C2", date(2020, 6, 1), date(2023, 5, 15), "PN0"),
    ("C3", date(2010, 3, 3), date(2023, 6, 1), "PN7"),
    ("C4", date(2009, 9, 9), date(2023, 7, 20), ""),
    ("C5", date(2011, 2, 28), date(2024, 1, 10), "PN2"),
]
REPORTS = ("participation-summary", "participation-by-team", "venue", "iro-contact")


def dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def contract_csv(reviews=REVIEWS) -> bytes:
    lines = ["child_ref,date_of_birth,review_date,participation_code"]
    lines += [f"{c},{b.isoformat()},{r.isoformat()},{code}" for c, b, r, code in reviews]
    return ("\n".join(lines) + "\n").encode()


def csv_903(reviews=REVIEWS, extra_lines=()) -> bytes:
    lines = ["CHILD,DOB,REVIEW,REVIEW_CODE"]
    lines += [f"{c},{dmy(b)},{dmy(r)},{code}" for c, b, r, code in reviews]
    lines += list(extra_lines)
    return ("\r\n".join(lines) + "\r\n").encode()


def xml_903(reviews=REVIEWS) -> bytes:
    children: dict[str, tuple[date, list]] = {}
    for c, b, r, code in reviews:
        children.setdefault(c, (b, []))[1].append((r, code))
    parts = ['<?xml version="1.0" encoding="utf-8"?>', "<EXPSSDA903>"]
    for c, (born, held) in children.items():
        parts += [
            "  <CHILD>",
            f"    <HEADER><CHILDID>{c}</CHILDID><SEX>1</SEX><DOB>{dmy(born)}</DOB></HEADER>",
            "    <EPISODES><EPISODE><DECOM>01/01/2023</DECOM></EPISODE></EPISODES>",
            "    <REVIEWS>",
        ]
        for r, code in held:
            parts += [
                "      <AREVIEW>",
                f"        <REVIEW>{dmy(r)}</REVIEW>",
                f"        <REVIEW_CODE>{code}</REVIEW_CODE>",
                "      </AREVIEW>",
            ]
        parts += ["    </REVIEWS>", "  </CHILD>"]
    parts.append("</EXPSSDA903>")
    return ("\n".join(parts) + "\n").encode()


def ssd_files(reviews=REVIEWS, due=()) -> tuple[bytes, bytes, bytes]:
    """ssd_cla_reviews (episode ids, not person ids), ssd_person and ssd_cla_episodes.

    ``due`` adds (child, due date) rows with no review date: upcoming reviews.
    """
    rows = [
        "clar_cla_review_id,clar_cla_id,clar_cla_review_due_date,clar_cla_review_date,"
        "clar_cla_review_cancelled,clar_cla_review_participation"
    ]
    for i, (c, _b, r, code) in enumerate(reviews, start=1):
        rows.append(
            f"R{i},E-{c},{r.isoformat()} 00:00:00.000,{r.isoformat()} 00:00:00.000,N,{code}"
        )
    for i, (c, day) in enumerate(due, start=len(reviews) + 1):
        rows.append(f"R{i},E-{c},{day.isoformat()},,N,")
    people = {c: b for c, b, _r, _code in reviews}
    person = ["pers_person_id,pers_sex,pers_dob,pers_legacy_id"]
    person += [f"{c},M,{b.isoformat()} 00:00:00.000,L{c}" for c, b in people.items()]
    episodes = ["clae_cla_episode_id,clae_person_id,clae_cla_id,clae_cla_episode_start_date"]
    episodes += [f"EP{c},{c},E-{c},2023-01-01" for c in people]
    return tuple(("\n".join(t) + "\n").encode() for t in (rows, person, episodes))


def reports() -> dict[str, str]:
    """Every contract report over the reviews' years, as CSV."""
    return {name: to_csv(run(name, date(2023, 4, 1), date(2024, 3, 31))) for name in REPORTS}


def forget_everything() -> None:
    """Remove what an import wrote, so the next layout starts from the same empty database."""
    db.session.execute(db.delete(Review))
    db.session.execute(db.delete(Child))
    db.session.commit()
