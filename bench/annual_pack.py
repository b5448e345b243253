"""How long the annual report pack takes to build, and how much memory, as the year grows.

Run: ``.venv/bin/python bench/annual_pack.py [--sizes 20000,50000,100000,200000] [--files]``

For each size N this generates, into a fresh SQLite file, a national-size council's data: 40
teams, 300 IROs, 0.6 N children, N reviews in the financial year 2024/25 AND N in 2023/24 (the
pack puts the previous year beside each table, so both years are real work), one "middle"
booklet and one "after my review" booklet per review, and 10 answers per review (faces, choices,
requests, text, the sharing consent, a 0 to 10 feedback score): 10 N answers a year. Rows go in
with the driver's executemany; generating is not measured.

Then, in a NEW process per size (so that one run's memory cannot hide in the next), it imports
the app, and times ``build_pack(2024)``: every registered report for both years, the charts
(SVG) and the quotes. Memory is that process's peak resident set size (``ru_maxrss``), which
includes Python, the libraries and the app already loaded before the build; the baseline before
the build is printed beside it. ``--files`` also times writing the XLSX and the PDF.

``--database postgresql://...`` does the same in PostgreSQL, production's database: each size
is loaded (with COPY) into that database's fresh tables, which the run drops first, so give it a
database of its own, never one with data in it.

Machines are noisy: the ratio to the smallest run is the honest comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

YEAR = 2024
# Issue 5's aim for a national-size year (200,000 reviews): the pack in under 10 s and 1.5 GB.
AIM_REVIEWS, AIM_SECONDS, AIM_MB = 200_000, 10.0, 1500
TEAMS = 40
IROS = 300
FIRST_NAMES = ["Amira", "Ben", "Chloe", "Dylan", "Ella", "Finn", "Grace", "Harvey", "Isla", "Jay"]
CODES = ["PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7", None]
CODE_WEIGHTS = [5, 40, 5, 5, 3, 5, 20, 10, 7]
VENUES = ["office", "placement", "school", "virtual", "other", None]
VENUE_WEIGHTS = [20, 45, 10, 15, 5, 5]
FACES = ["very_happy", "happy", "ok", "sad", "very_sad", "rather_not_say"]
YES_NO = ["yes", "no", "not_sure"]
# The free-text answers of the two booklets below, which the themes engine reads.
TEXT_KEYS = {"house_good", "anything_else", "review_good"}
THEME_STATUSES = ["confirmed", "suggested", "removed"]
THEME_STATUS_WEIGHTS = [60, 35, 5]
WHERE = ["home", "school", "office", "video", "somewhere_else"]
SAYINGS = [
    "I like living with {name} and my foster carers, they listen to me",
    "I want to see my mum and my little brother more often",
    "School is better now, I have a teacher who helps me with maths",
    "I would like to go to football club on Saturdays",
    "I don't like it when lots of people talk about me at my review",
    "I want my review at home, not at the office",
    "My social worker keeps changing and I have to tell my story again",
    "I am worried about moving school next year",
]


def _sqlite_date(day: date) -> str:
    return day.isoformat()


def _sqlite_datetime(moment: datetime) -> str:
    # SQLAlchemy's storage format for DateTime on SQLite.
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


class _Writer:
    """Rows straight into the tables: executemany on SQLite, COPY on PostgreSQL."""

    def __init__(self, engine) -> None:
        self.postgres = engine.dialect.name == "postgresql"
        self.raw = engine.raw_connection()
        if not self.postgres:
            cur = self.raw.cursor()
            cur.execute("PRAGMA journal_mode=OFF")
            cur.execute("PRAGMA synchronous=OFF")

    def insert(self, table: str, columns: str, rows: list[tuple]) -> None:
        cur = self.raw.cursor()
        if self.postgres:
            with cur.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns.split(",")))
            cur.executemany(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', rows)

    def finish(self) -> None:
        if self.postgres:
            # Fresh tables have no statistics; the planner would guess (autovacuum gets there
            # later on a live server).
            self.raw.cursor().execute("ANALYZE")
        self.raw.commit()
        self.raw.close()


def _sqlalchemy_url(database: str) -> str:
    if database.startswith("postgresql://"):
        return "postgresql+psycopg://" + database[len("postgresql://") :]
    return database


def generate(database: str, reviews_per_year: int, seed: int = 2024) -> dict[str, int]:
    """Fill fresh tables in ``database`` (a SQLAlchemy URL); returns row counts."""
    from app import create_app
    from app.domain.booklets.definitions import latest_version, publish_bundled
    from app.domain.themes.engine import classify
    from app.extensions import db

    rng = random.Random(seed)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _sqlalchemy_url(database)})
    with app.app_context():
        db.drop_all()
        db.create_all()
        publish_bundled()
        db.session.commit()
        from app.domain.privacy.crypto import encrypt

        no_evidence = encrypt("[]")
        middle, after = latest_version("middle"), latest_version("after")
        if middle is None or after is None:
            sys.exit("The bundled 'middle' and 'after' booklets are needed.")
        db.session.close()
        out = _Writer(db.engine)
        out.insert("team", "id, name", [(t, f"Team {t:02d}") for t in range(1, TEAMS + 1)])
        out.insert(
            "user",
            "id, email, name, role, password_hash, active, team_id, failed_sign_ins",
            [
                (u, f"iro{u}@example.org", f"Iro{u} Surname{u}", "iro", "x", True, 1 + u % TEAMS, 0)
                for u in range(1, IROS + 1)
            ],
        )
        children = max(1, int(reviews_per_year * 0.6))
        child_rows = []
        for c in range(1, children + 1):
            child_rows.append(
                (
                    c,
                    f"REF{c:07d}",
                    rng.choice(FIRST_NAMES),
                    date(2008 + c % 10, 1 + c % 12, 1 + c % 28).isoformat(),
                    "en",
                    1 + c % TEAMS,
                    1 + c % IROS,
                )
            )
        # Names and a child's words are encrypted at rest, as the app stores them.
        out.insert(
            "child",
            "id, child_ref, first_name, date_of_birth, language, team_id, iro_id",
            [(row[0], row[1], encrypt(row[2]), *row[3:]) for row in child_rows],
        )
        names = {row[0]: row[2] for row in child_rows}
        del child_rows
        review_id = invitation_id = answer_id = theme_id = 0
        counts = {"reviews": 0, "invitations": 0, "answers": 0, "themes": 0}
        # What the themes engine suggests for each text, asked once per distinct text.
        themes_of: dict[str, list[str]] = {}
        for year in (YEAR - 1, YEAR):
            start = date(year, 4, 1)
            reviews, invitations, answers, themes = [], [], [], []
            # Each child has at most one review a day; review i of the year goes to child
            # i mod children, on a day that differs between a child's reviews.
            for i in range(reviews_per_year):
                review_id += 1
                child = 1 + i % children
                day = start + timedelta(days=(i // children * 97 + child) % 365)
                code = rng.choices(CODES, CODE_WEIGHTS)[0]
                seen = None if rng.random() < 0.1 else day - timedelta(days=rng.randint(0, 150))
                team = None if rng.random() < 0.02 else 1 + child % TEAMS
                reviews.append(
                    (
                        review_id,
                        child,
                        _sqlite_date(day),
                        "subsequent",
                        team,
                        rng.choices(VENUES, VENUE_WEIGHTS)[0],
                        code,
                        seen and _sqlite_date(seen),
                    )
                )
                sent_at = datetime(day.year, day.month, day.day, 9) - timedelta(days=7)
                sent = rng.random() < 0.75
                urgent = sent and rng.random() < 0.03
                for version, respondent_answers in (
                    (middle, _middle_answers(rng, names[child])),
                    (after, _after_answers(rng)),
                ):
                    invitation_id += 1
                    invitations.append(
                        (
                            invitation_id,
                            review_id,
                            "child",
                            version.id,
                            "en",
                            f"t{invitation_id}",
                            f"c{invitation_id}",
                            1 + child % IROS,
                            _sqlite_datetime(sent_at - timedelta(days=14)),
                            _sqlite_datetime(sent_at - timedelta(days=2)),
                            _sqlite_datetime(sent_at) if sent else None,
                            _sqlite_datetime(sent_at) if urgent else None,
                            0,
                        )
                    )
                    for key, value, only_iro in respondent_answers:
                        answer_id += 1
                        words = key in TEXT_KEYS
                        answers.append(
                            (
                                answer_id,
                                invitation_id,
                                version.id,
                                key,
                                None if words else json.dumps(value),
                                encrypt(value) if words else None,
                                only_iro,
                                _sqlite_datetime(sent_at),
                            )
                        )
                        # Sent booklets' words get themes, as on sending: most confirmed by
                        # the IRO, some still suggestions, a few removed.
                        if not sent or key not in TEXT_KEYS:
                            continue
                        if value not in themes_of:
                            themes_of[value] = classify(value).themes
                        for theme in themes_of[value]:
                            theme_id += 1
                            status = rng.choices(THEME_STATUSES, THEME_STATUS_WEIGHTS)[0]
                            themes.append((theme_id, answer_id, theme, status, no_evidence))
            out.insert(
                "review",
                "id, child_id, review_date, review_type, team_id, venue, participation_code, "
                "child_last_seen_by_iro",
                reviews,
            )
            out.insert(
                "invitation",
                "id, review_id, respondent, booklet_version_id, language, token_hash, code_hash, "
                "created_by_id, created_at, opened_at, submitted_at, urgent_at, last_page",
                invitations,
            )
            out.insert(
                "answer",
                "id, invitation_id, booklet_version_id, question_key, value, words, only_iro, "
                "updated_at",
                answers,
            )
            out.insert("answer_theme", "id, answer_id, theme, status, evidence", themes)
            counts["themes"] += len(themes)
            counts["reviews"] += len(reviews)
            counts["invitations"] += len(invitations)
            counts["answers"] += len(answers)
        out.finish()
        return counts


def _middle_answers(rng: random.Random, name: str) -> list[tuple[str, object, bool]]:
    """Eight answers to the 8 to 11 booklet."""
    saying = f"{rng.choice(SAYINGS)}. {rng.choice(SAYINGS)}".format(name=name)
    return [
        ("home_feel", rng.choice(FACES), False),
        ("school_feel", rng.choice(FACES), False),
        ("review_where", rng.choice(WHERE), False),
        ("review_chair", rng.choice(YES_NO), False),
        ("review_advocate", rng.choice(YES_NO), False),
        ("house_good", saying, False),
        ("anything_else", rng.choice(SAYINGS).format(name=name), rng.random() < 0.2),
        ("share_words", rng.choice(YES_NO), False),
    ]


def _after_answers(rng: random.Random) -> list[tuple[str, object, bool]]:
    """Two answers to "after my review": the 0 to 10 score and what was good."""
    return [
        ("review_score", rng.randint(0, 10), False),
        ("review_good", "It was short and I got to say what I wanted", False),
    ]


def _counts(database: str) -> dict[str, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(_sqlalchemy_url(database))
    with engine.connect() as connection:
        found = {
            name: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for name, table in (
                ("reviews", "review"),
                ("invitations", "invitation"),
                ("answers", "answer"),
                ("themes", "answer_theme"),
            )
        }
    engine.dispose()
    return found


def measure(database: str, files: bool) -> dict:
    """Time build_pack on ``database``, in this process; peak RSS in MB."""
    from app import create_app
    from app.domain.pack.build import build_pack
    from app.domain.pack.output import to_pdf, to_xlsx

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _sqlalchemy_url(database)})
    result: dict = {}
    with app.app_context(), app.test_request_context():
        result["baseline_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started, cpu = time.perf_counter(), time.process_time()
        pack = build_pack(YEAR)
        result["seconds"] = time.perf_counter() - started
        result["cpu_seconds"] = time.process_time() - cpu
        result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result["tables"] = len(pack.tables)
        result["charts"] = len(pack.charts)
        result["quotes"] = len(pack.quotes)
        result["parts"] = pack.timings
        if files:
            started = time.perf_counter()
            to_xlsx(pack)
            result["xlsx_seconds"] = time.perf_counter() - started
            started = time.perf_counter()
            to_pdf(pack)
            result["pdf_seconds"] = time.perf_counter() - started
    return result


def _verdict(size: int, seconds: float, peak_mb: float, where: str) -> str:
    """The budget line: MET or MISSED against the aim, for the largest size measured."""
    aim = f"budget: under {AIM_SECONDS:g} s and {AIM_MB} MB at {AIM_REVIEWS:,} reviews"
    got = f"{where}, {size:,} reviews: {seconds:.2f} s, {peak_mb:.0f} MB peak"
    if size < AIM_REVIEWS:
        return f"NOT JUDGED ({aim}; largest size run was {got})"
    ok = seconds < AIM_SECONDS and peak_mb < AIM_MB
    return f"{'MET' if ok else 'MISSED'} ({got}; {aim})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000,50000,100000,200000")
    parser.add_argument("--files", action="store_true", help="also time the XLSX and the PDF")
    parser.add_argument(
        "--database",
        help="a PostgreSQL URL to load and measure in (its tables are dropped); SQLite otherwise",
    )
    parser.add_argument("--keep", type=Path, help="keep the SQLite databases in this folder")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure again what --keep kept (or what --database holds) without loading it",
    )
    # The child processes: Linux keeps a parent's peak RSS across fork and exec, so both the
    # generating and the measuring run in their own process and this one stays small.
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--generate", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.files)))
        return
    if args.generate:
        print(json.dumps(generate(args.generate, args.size)))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    folder = args.keep or Path(tempfile.mkdtemp(prefix="mysay-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    where = "PostgreSQL" if args.database else f"SQLite files in {folder}"
    print(f"{os.cpu_count()} CPUs; databases: {where}")
    header = (
        f"{'reviews':>8} {'answers':>9} {'themes':>8} {'generate s':>10} {'pack s':>7} {'peak MB':>8} "
        f"{'base MB':>8} {'x time':>7} {'x size':>7}"
    )
    if args.files:
        header += f" {'xlsx s':>7} {'pdf s':>7}"
    lines = [header]
    print(header, flush=True)
    first = None
    for size in sizes:
        path = folder / f"pack_{size}.sqlite"
        database = args.database or f"sqlite:///{path}"
        started = time.perf_counter()
        if args.reuse and (args.database or path.exists()):
            counts = _counts(database)
        else:
            path.unlink(missing_ok=True)
            made = subprocess.run(
                [sys.executable, __file__, "--generate", database, "--size", str(size)],
                capture_output=True,
                text=True,
                check=False,
            )
            if made.returncode != 0:
                sys.exit(made.stderr)
            counts = json.loads(made.stdout.strip().splitlines()[-1])
        generated = time.perf_counter() - started
        command = [sys.executable, __file__, "--measure", database]
        if args.files:
            command.append("--files")
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.exit(done.stderr)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        first = first or (size, result["seconds"])
        line = (
            f"{size:>8} {counts['answers'] // 2:>9} {counts['themes'] // 2:>8} {generated:>10.1f} {result['seconds']:>7.2f} "
            f"{result['peak_mb']:>8.0f} {result['baseline_mb']:>8.0f} "
            f"{result['seconds'] / first[1]:>7.2f} {size / first[0]:>7.1f}"
        )
        if args.files:
            line += f" {result['xlsx_seconds']:>7.2f} {result['pdf_seconds']:>7.2f}"
        lines.append(line)
        print(line, flush=True)
        if not args.keep:
            path.unlink(missing_ok=True)
    print(_verdict(size, result["seconds"], result["peak_mb"], where.split(" ")[0]))
    # On a shared machine the wall time swings with the other work; this process's CPU time
    # swings less (with SQLite it holds the database's work; with PostgreSQL, not the server's).
    print(f"CPU time of the build's process: {result['cpu_seconds']:.2f} s (both threads)")
    parts = sorted(result["parts"].items(), key=lambda item: -item[1])
    print(f"Where the time went at {size} reviews (seconds, both years):")
    print("  " + ", ".join(f"{name} {seconds:.2f}" for name, seconds in parts))
    print(
        f"Each size has that many reviews (10 answers each; 'themes' are the theme rows on the "
        f"sent booklets' words) in {YEAR}/{(YEAR + 1) % 100} "
        f"and again in {YEAR - 1}/{YEAR % 100}. {int(result['tables'])} tables, "
        f"{int(result['charts'])} charts, {int(result['quotes'])} quotes in the last pack."
    )


if __name__ == "__main__":
    main()
