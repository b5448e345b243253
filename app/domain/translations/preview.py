"""Pictures of every language for a person to look at: the first booklet page and the invitation
letter, drawn as PNG files (``flask --app wsgi translate preview OUTDIR``).

Runs on a throwaway database in OUTDIR with an invented child, never the service's own data. The
page is drawn by Debian's Chromium through Playwright (as a phone shows it); the letter by
WeasyPrint, then poppler's ``pdftoppm``.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from datetime import date, timedelta
from pathlib import Path

from flask import current_app
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
# Nothing but the page: the machine's network may be closed, and Chromium's own calls home would
# wait on it.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True}


def languages_to_draw(asked: tuple[str, ...] | list[str], offered: list[str]) -> list[str]:
    """The languages asked for, in the order offered, or every offered one when none is asked.

    Drawing every language takes a minute; a translator checking one fix asks for just that one.
    """
    unknown = [code for code in asked if code not in offered]
    if unknown:
        raise ValueError(f"not offered: {' '.join(unknown)} (offered: {' '.join(offered)})")
    return [code for code in offered if code in asked] if asked else list(offered)


def render_previews(outdir: Path, languages: tuple[str, ...] | list[str] = ()) -> list[Path]:
    """Draw ``languages`` (every offered one when empty) into ``outdir``; the PNG files made."""
    from app.extensions import db

    outdir.mkdir(parents=True, exist_ok=True)
    database = outdir / "preview.sqlite"
    database.unlink(missing_ok=True)
    app = current_app.extensions["mysay_create_app"](
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "BABEL_TRANSLATION_DIRECTORIES": current_app.config["BABEL_TRANSLATION_DIRECTORIES"],
        }
    )
    try:
        return _draw(app, outdir, languages_to_draw(languages, app.config["LANGUAGES"]))
    finally:
        # The throwaway database goes, journal files too, even when drawing failed half-way.
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        for leftover in (database, *database.parent.glob(database.name + "-*")):
            leftover.unlink(missing_ok=True)


def _draw(app, outdir: Path, languages: list[str]) -> list[Path]:
    from app.domain.booklets.definitions import latest_version, publish_bundled
    from app.domain.invitations.links import create
    from app.domain.messages.letters import invitation_letter_pdf
    from app.extensions import db
    from app.models import Child, Review, Team, User

    made: list[Path] = []
    links: dict[str, str] = {}
    with app.app_context():
        db.create_all()
        publish_bundled()
        team = Team(name="Preview")
        iro = User(email="iro@example.org", name="Sam Patel", team=team, phone="01926 410410")
        iro.set_password("preview-only-password")
        db.session.add_all([team, iro])
        for language in languages:
            child = Child(
                child_ref=f"P-{language}",
                preferred_name="Amal",
                date_of_birth=date.today() - timedelta(days=10 * 365),
                iro=iro,
                team=team,
                language=language,
            )
            review = Review(child=child, review_date=date.today() + timedelta(days=14), team=team)
            db.session.add_all([child, review])
            invitation, token, code = create(review, latest_version("middle"), language=language)
            db.session.commit()
            links[language] = f"/b/{token}"
            pdf = outdir / f"letter-{language}.pdf"
            pdf.write_bytes(invitation_letter_pdf(invitation, token, code, iro))
            stem = outdir / f"letter-{language}"
            if shutil.which("pdftoppm") is None:
                raise RuntimeError(
                    "Drawing letters needs poppler's pdftoppm: sudo apt-get install poppler-utils"
                )
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(stem)], check=True
            )
            pdf.unlink()
            made.append(stem.with_suffix(".png"))
    return made + _pages(app, links, outdir)


def _pages(app, links: dict[str, str], outdir: Path) -> list[Path]:
    server = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    made: list[Path] = []
    failed: list[BaseException] = []

    def draw():
        try:
            made.extend(_screenshots(base, links, outdir))
        except BaseException as error:  # handed to the caller's thread below
            failed.append(error)

    # Playwright's sync API refuses to start inside a running asyncio loop (a caller that already
    # drives a browser, such as the test suite); a thread of its own has no loop.
    try:
        drawer = threading.Thread(target=draw)
        drawer.start()
        drawer.join()
    finally:
        server.shutdown()
        thread.join(timeout=5)
    if failed:
        raise failed[0]
    return made


def _screenshots(base: str, links: dict[str, str], outdir: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    made = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for language, link in links.items():
            context = browser.new_context(**PHONE)
            page = context.new_page()
            page.goto(base + link)
            page.goto(base + "/my-say/page/1")
            path = outdir / f"page-{language}.png"
            page.screenshot(path=str(path), full_page=True)
            made.append(path)
            context.close()
        browser.close()
    return made
