"""Long work runs as a job on an RQ worker: the manager sees its progress, then its result;
scheduled reminders and escalation are enqueued by RQ's cron and sent by the worker."""

from __future__ import annotations

import io
import re
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from pypdf import PdfReader

from app.domain.jobs.schedule import cron_scheduler
from app.domain.messages.reminders import send_link
from app.extensions import db
from app.models import Review, Role
from app.models.jobs import BackgroundJob
from tests.alerts_helpers import raise_for, worried
from tests.clock import now
from tests.conftest import AuthActions
from tests.factories import make_child, make_user, outbox, text_of
from tests.jobs_helpers import REDIS_URL, queue_redis, redis_conn, work, year_of_rows
from tests.pack_helpers import years

YEAR = Path(__file__).parent / "data" / "reviews_year.csv"


def upload(client, data: bytes):
    return client.post(
        "/managers/import",
        data={"file": (io.BytesIO(data), "reviews.csv")},
        content_type="multipart/form-data",
    )


def job_page(client, response):
    """Follow the redirect to a job's page; check it shows progress and works without JS."""
    assert response.status_code == 302
    location = response.headers["Location"]
    assert re.fullmatch(r"/managers/jobs/[\w-]+", location), location
    page = client.get(location)
    assert page.status_code == 200
    assert page.page.select_one('meta[http-equiv="refresh"]') is not None
    bar = page.page.select_one("progress")
    assert bar is not None and int(bar["value"]) < int(bar["max"])
    assert page.page.find("a", string="Check again")["href"] == location
    return location, page


def test_an_import_runs_on_the_worker_and_its_page_shows_progress_then_the_preview(
    client, auth, manager, queue_redis
):
    auth.login(email="manager@example.org")
    location, page = job_page(client, upload(client, YEAR.read_bytes()))
    assert "Step 1 of 2: Waiting to start" in text_of(page)
    status = client.get(location + ".json").get_json()
    assert (status["status"], status["finished"]) == ("queued", False)

    assert work(queue_redis) == 1
    preview = client.get(location)
    assert "Check the import" in text_of(preview)
    assert "Import these 12 rows" in text_of(preview)
    assert db.session.scalar(db.select(db.func.count(Review.id))) == 0

    confirm_location, _ = job_page(client, client.post("/managers/import/confirm"))
    assert work(queue_redis) == 1
    done = client.get(confirm_location)
    assert "Review records imported" in text_of(done)
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Review.id))) == 12
    # Confirming again finds nothing waiting.
    assert client.post("/managers/import/confirm").status_code == 410


def test_nobody_else_sees_my_job(app, client, auth, manager, queue_redis):
    auth.login(email="manager@example.org")
    location, _ = job_page(client, upload(client, YEAR.read_bytes()))
    make_user(email="other@example.org", role=Role.MANAGER, name="Other Manager")
    auth.switch_to("other@example.org")
    assert client.get(location).status_code == 404
    assert client.get(location + ".json").status_code == 404


def test_the_pack_pdf_is_made_by_the_worker_then_offered_as_a_download(
    client, auth, manager, years, queue_redis
):
    auth.login(email="manager@example.org")
    location, page = job_page(client, client.get("/managers/pack.pdf?year=2024"))
    assert "Making the annual pack as a PDF" in text_of(page)
    work(queue_redis)
    ready = client.get(location)
    assert ready.page.select_one('meta[http-equiv="refresh"]') is None
    link = ready.page.find("a", string=re.compile("Download annual-pack-2024.pdf"))
    pdf = client.get(link["href"])
    assert pdf.mimetype == "application/pdf"
    assert "annual-pack-2024.pdf" in pdf.headers["Content-Disposition"]
    assert "Annual report pack" in PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()


def test_a_failed_job_says_so_in_plain_words(client, auth, manager, years, queue_redis):
    auth.login(email="manager@example.org")
    location, _ = job_page(client, client.get("/managers/pack.xlsx?year=2024"))
    # Whatever breaks inside the task, the job fails and its page says so.
    job = db.session.get(BackgroundJob, location.rsplit("/", 1)[-1])
    job.params = {"year": "not a year"}
    db.session.commit()
    work(queue_redis)
    page = client.get(location)
    assert "It did not finish, and nothing was changed" in text_of(page)


def _at(moment: datetime):
    return time_machine.travel(moment, tick=False)


def test_reminders_and_escalation_fire_on_rqs_schedule(app, iro, manager, worried, queue_redis):
    app.config.update(NOTIFY_API_KEY="", SMTP_HOST="")
    child = make_child("R-1", iro, review_in=3)
    from app.domain.booklets.definitions import latest_version
    from app.domain.invitations.links import create

    invitation, token, _code = create(child.reviews[0], latest_version("middle"))
    db.session.commit()
    with app.test_request_context():
        send_link(invitation, f"http://localhost/b/{token}", "Sam Patel", "r1@example.org", None)
    db.session.commit()
    alert = raise_for(worried)
    alert.raised_at = now() - timedelta(hours=5)
    db.session.commit()
    before = len(outbox())

    # RQ's cron reads its fields in the scheduler's local time (app/domain/jobs/schedule.py). Not
    # the real clock: tests/clock.py has moved datetime.now() to the suite's day (MYSAY_TEST_DATE).
    local = datetime.now()
    scheduler = cron_scheduler(queue_redis)
    assert scheduler.enqueue_jobs() == []  # nothing is due the moment it starts

    # The quarter hour: escalation is due, reminders (08:00) are not yet.
    quarter = local.replace(minute=(local.minute // 15) * 15, second=30) + timedelta(minutes=15)
    if quarter.hour == 8 and quarter.minute == 0:  # pragma: no cover (depends on the clock)
        quarter += timedelta(minutes=15)
    with _at(quarter):
        due = {job.name.rsplit(".", 1)[-1] for job in scheduler.enqueue_jobs()}
    assert "escalate_alerts" in due and "send_reminders" not in due
    work(queue_redis)
    sent = outbox()[before:]
    assert sorted(m.to for m in sent) == ["manager@example.org"]
    assert "nobody has recorded what they did" in sent[0].body

    # The next morning at eight the reminder goes (the review is then two days away).
    eight = (local + timedelta(days=1)).replace(hour=8, minute=0, second=30)
    with _at(eight):
        due = {job.name.rsplit(".", 1)[-1] for job in scheduler.enqueue_jobs()}
        assert "send_reminders" in due
        work(queue_redis)
    reminders = [m for m in outbox()[before:] if m.to == "r1@example.org"]
    assert len(reminders) == 1


@pytest.mark.slow
def test_a_100000_row_import_runs_as_a_job_with_its_progress_shown(
    client, auth, manager, queue_redis
):
    auth.login(email="manager@example.org")
    location, page = job_page(client, upload(client, year_of_rows(100_000)))
    assert "Checking your file" in text_of(page)
    work(queue_redis)
    preview = client.get(location)
    assert "Import these 100000 rows" in text_of(preview)
    confirm_location, _ = job_page(client, client.post("/managers/import/confirm"))
    work(queue_redis)
    done = client.get(confirm_location)
    assert "Review records imported" in text_of(done)
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Review.id))) == 100_000


def test_the_pack_command_shows_its_progress(runner, years, tmp_path):
    result = runner.invoke(args=["pack", "--year", "2024", "--out", str(tmp_path / "pack.xlsx")])
    assert result.exit_code == 0, result.output
    assert "Step 1 of 2: counting the year's reviews" in result.stderr
    assert "Step 2 of 2: drawing the file" in result.stderr
    assert result.stdout.startswith("Wrote Annual report pack 2024/25")


def test_with_redis_down_the_import_still_runs_in_the_request(app, client, auth, manager):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    auth.login(email="manager@example.org")
    response = upload(client, YEAR.read_bytes())
    assert response.status_code == 200
    assert "Import these 12 rows" in text_of(response)


@pytest.mark.slow
def test_an_import_jobs_page_counts_the_rows_checked_as_the_worker_goes(file_app, redis_conn):
    """With JavaScript off the page reloads itself; each load shows more rows checked."""
    file_app.config["REDIS_URL"] = REDIS_URL
    make_user(email="manager@example.org", role=Role.MANAGER, name="Morgan Lee")
    client = file_app.test_client()
    AuthActions(client).login("manager@example.org")
    location, _ = job_page(client, upload(client, year_of_rows(100_000)))

    seen: list[str] = []
    finished = threading.Event()

    def watch():
        """Load the page as a browser without JavaScript would, noting each count it shows."""
        while not finished.is_set():
            page = client.get(location)
            rows = page.page.select_one("#job-rows")
            if rows is None:
                return  # finished: the page is the preview
            assert page.page.select_one('meta[http-equiv="refresh"]') is not None
            text = rows.get_text(strip=True)
            if text and text not in seen:
                seen.append(text)
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        work(redis_conn)  # RQ's worker wants the main thread (it sets signal handlers)
    finally:
        finished.set()
        watcher.join()
    counts = [
        int(re.match(r"([\d,]+) of about 100,000 rows checked", t)[1].replace(",", ""))
        for t in seen
    ]
    assert len(counts) >= 2, seen
    assert counts == sorted(counts) and counts[0] < 100_000
    assert "Import these 100000 rows" in text_of(client.get(location))


def test_the_import_command_shows_the_rows_checked_and_written(runner, tmp_path):
    path = tmp_path / "reviews.csv"
    path.write_bytes(year_of_rows(12_000))
    result = runner.invoke(args=["import-reviews", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "5,000 of about 12,000 rows checked",
        "10,000 of about 12,000 rows checked",
        "5,000 of 12,000 rows written",
        "10,000 of 12,000 rows written",
        "12,000 of 12,000 rows written",
    ]
    assert result.stdout.startswith("Imported 12000 rows: 12000 new reviews")
