"""What gunicorn's master does once, so that no worker pays for it (gunicorn.conf.py).

The app is made in the master (``preload_app``) and each worker is a fork of it. Without that,
every worker imports the app itself (2 to 3 s of CPU: WeasyPrint, the classifier's libraries)
when it starts, and again each time ``max_requests`` restarts it: measured under bench/load.py,
about 1 ms of every booklet page's cost, and a worker missing for seconds at each restart.
What a worker would otherwise fill on its first requests is filled here too, for every fork
to share: compiled templates, every language's catalogue and name, and the published booklets.
"""

from __future__ import annotations

import logging

from flask import Flask

log = logging.getLogger(__name__)


def warm(app: Flask) -> None:
    """Compile the templates, load the catalogues and the languages' names, and parse the
    published booklets."""
    for name in app.jinja_env.list_templates(extensions=("html", "txt")):
        app.jinja_env.get_template(name)
    from flask_babel import force_locale, get_translations

    from app.domain.translations import display_name

    with app.test_request_context():
        for code in app.config["LANGUAGES"]:
            with force_locale(code):
                get_translations()
            # Every booklet page's language switch names them all: Babel reads each language's
            # locale data for its name, a sixth of a second in all for each new worker.
            display_name(code)
    _parse_published_booklets(app)


def _parse_published_booklets(app: Flask) -> None:
    from app.domain.booklets.definitions import booklet_of
    from app.extensions import db
    from app.models import BookletVersion

    with app.app_context():
        try:
            for version in db.session.execute(db.select(BookletVersion)).scalars():
                booklet_of(version)
        except Exception as error:  # a database not made yet: each worker parses them itself
            log.warning(
                "Published booklets not parsed before the workers start: %s", type(error).__name__
            )
        finally:
            db.session.remove()
            # The master's connections are not for the workers: each opens its own.
            for engine in db.engines.values():
                engine.dispose()


def after_fork(app: Flask) -> None:
    """In a new worker: connections are never shared with the master or another worker."""
    from app.extensions import db

    with app.app_context():
        for engine in db.engines.values():
            # close=False: the master's connections (none, after warm) are left to the master.
            engine.dispose(close=False)
