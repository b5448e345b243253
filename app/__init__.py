"""My Say: children in care tell their Independent Reviewing Officer what they think."""

import logging
from pathlib import Path

from flask import Flask, has_request_context, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.config import INSTANCE_DIR, check_production, config_from_env
from app.extensions import babel, compress, csrf, db, limiter, login_manager, migrate
from app.uploads import UploadAwareRequest


def create_app(test_config=None):
    """Create and configure the app. Given ``test_config`` (a dict, empty or not), the app starts
    from TestConfig and the dict overrides it; otherwise MYSAY_ENV chooses the Config."""
    app = Flask(__name__)
    app.request_class = UploadAwareRequest
    app.config.from_object(config_from_env() if test_config is None else _test_base())
    if test_config is not None:
        app.config.update(test_config)
    _load_data_keys(app)
    check_production(app.config)
    _trust_proxies(app)
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)

    db.init_app(app)
    from app import db_liveness

    db_liveness.init_app(app)
    # The project's own migrations wherever the command is run from (Flask-Migrate's default is
    # a "migrations" folder under the current directory).
    migrate.init_app(
        app, db, directory=str(INSTANCE_DIR.parent / "migrations"), render_as_batch=True
    )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    csrf.init_app(app)
    if app.config.get("LANGUAGES") is None:
        from app.domain.translations import offered_languages

        app.config["LANGUAGES"] = offered_languages(
            Path(app.config["BABEL_TRANSLATION_DIRECTORIES"])
        )
    babel.init_app(app, locale_selector=_select_locale)
    _translate_templates_per_request(app)
    limiter.init_app(app)
    compress.init_app(app)
    _configure_logging(app)

    from app import models  # noqa: F401  (register the tables with SQLAlchemy)
    from app.admin import bp as admin_bp
    from app.auth import bp as auth_bp
    from app.booklet import bp as booklet_bp
    from app.managers import bp as managers_bp
    from app.staff import bp as staff_bp

    app.register_blueprint(booklet_bp)
    app.register_blueprint(auth_bp, url_prefix="/staff")
    app.register_blueprint(staff_bp, url_prefix="/staff")
    app.register_blueprint(managers_bp, url_prefix="/managers")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    from app.health import bp as health_bp

    app.register_blueprint(health_bp)
    from app import static_files

    static_files.init_app(app)

    from app.domain.booklets import i18n as booklet_i18n

    booklet_i18n.init_app(app)

    from app import commands

    # `translate preview` draws pages from a second app on a throwaway database; it finds the
    # factory here, as app/commands cannot import this package without an import circle.
    app.extensions["mysay_create_app"] = create_app
    commands.register(app)
    _register_error_pages(app)
    from app import request_limits

    request_limits.init_app(app)
    from app import session_cookie

    session_cookie.init_app(app)
    from app.domain.audit import reads as audit_reads

    audit_reads.init_app(app)
    _quiet_request_logs()

    @app.after_request
    def _security_headers(response):
        # Nothing is loaded from elsewhere, so the policy can be strict; answers are never cached.
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if not request.path.startswith("/static/"):
            # Browsers apply a policy to pages, not to the stylesheet and script they load (our
            # static files are CSS, JavaScript and an icon): 200 bytes a file on a child's phone.
            response.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                # A voice answer is played back from the phone's memory before it is sent.
                "media-src 'self' blob:; "
                "frame-ancestors 'self'; form-action 'self'; base-uri 'none'",
            )
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    return app


def _load_data_keys(app: Flask) -> None:
    from app.config import is_production
    from app.domain.privacy import crypto

    if not app.config.get("DATA_KEYS"):
        # A development key in instance/ only for development: production must bring its own.
        app.config["DATA_KEYS"] = crypto.keys_from_environment(
            INSTANCE_DIR, allow_dev_key=not is_production(app.config)
        )
    crypto.configure(app.config["DATA_KEYS"])


def _trust_proxies(app: Flask) -> None:
    """Read the client's address from the proxy's headers, for as many proxies as configured."""
    counts = {
        name: int(app.config.get(f"PROXY_FIX_X_{name.upper()}", 0) or 0)
        for name in ("for", "proto", "host", "port", "prefix")
    }
    if any(counts.values()):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, **{f"x_{k}": v for k, v in counts.items()})


def _test_base():
    from app.config import TestConfig

    return TestConfig


def _translate_templates_per_request(app: Flask) -> None:
    """Templates look the translations up once per request and locale, not once per string.

    Flask-Babel's template callables find the context, the domain, the locale and its name anew
    for each of a page's 30 to 100 strings; measured in bench/booklet_page.py.
    """
    from app.domain.booklets.i18n import request_translations as current
    from app.domain.booklets.i18n import template_gettext

    app.jinja_env.install_gettext_callables(
        gettext=lambda s: current().ugettext(s),
        ngettext=lambda s, p, n: current().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: current().upgettext(c, s),
        npgettext=lambda c, s, p, n: current().unpgettext(c, s, p, n),
    )
    # ``_`` and ``{% trans %}``, most of a page's strings, in one call each (see template_gettext).
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext)


def _select_locale():
    from flask import current_app, g

    forced = getattr(g, "locale", None)
    if forced:
        return forced
    if not has_request_context():  # commands (imports, reports) speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    offered = current_app.config["LANGUAGES"]
    if request.blueprint == "booklet":
        from flask import session

        from app.domain.booklets.i18n import LANGUAGE_KEY

        kept = session.get(LANGUAGE_KEY)
        if kept in offered:
            return kept
    if request.blueprint in STAFF_BLUEPRINTS:
        # Staff pages are translated into Welsh only; the rest of a catalogue is for children.
        offered = [code for code in offered if code in STAFF_LANGUAGES]
    return request.accept_languages.best_match(offered) or "en"


STAFF_BLUEPRINTS = ("staff", "auth", "managers", "admin")
STAFF_LANGUAGES = ("en", "cy")


def _register_error_pages(app: Flask) -> None:
    """Every error is a page in plain words with the right status; never a stack trace."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return render_template("errors/error.html", error=error), error.code

    @app.errorhandler(CSRFError)
    def expired_form(error: CSRFError):
        # A booklet page whose cookie was lost still saves the child's words into their booklet.
        from app.booklet.rescue import rescue_after_csrf_error

        rescued = rescue_after_csrf_error()
        if rescued is not None:
            return rescued
        return render_template("errors/error.html", error=error, expired=True), 400

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        # Log the type and where, but not the message: it may quote a child's answer.
        app.logger.error(
            "Unhandled %s at %s %s", type(error).__name__, request.method, request.path
        )
        from werkzeug.exceptions import InternalServerError

        return render_template("errors/error.html", error=InternalServerError()), 500


def _configure_logging(app: Flask) -> None:
    """JSON lines for a log collector when LOG_FORMAT=json (production's default).

    Messages never carry a child's details (callers log types and counts), so the lines only
    gain structure here, not content.
    """
    if app.config.get("LOG_FORMAT") != "json":
        return
    from pythonjsonlogger.json import JsonFormatter

    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)  # libraries' chatter (alembic, WeasyPrint's progress)
    for name in ("app", "rq"):
        logging.getLogger(name).setLevel(app.config.get("LOG_LEVEL", "INFO"))
    app.logger.handlers[:] = []
    app.logger.propagate = True


def _quiet_request_logs() -> None:
    # Werkzeug logs every request line, and booklet links carry a child's secret token.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
