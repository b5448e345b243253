"""Limits on what a request may carry, checked once for every form and page.

A NUL byte cannot be stored in a PostgreSQL text column: let through, it fails the transaction
with a 500 half-way through a change (an urgent alert left open). No person types one, so any
request carrying one in a field, a name or a file name is refused with a plain message before
any view runs, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from flask import Flask, render_template, request
from werkzeug.exceptions import BadRequest

NUL = "\x00"
# A year, as browsers' preload lists ask; set only where the site is served over HTTPS.
HSTS = "max-age=31536000; includeSubDomains"


def _carries_nul() -> bool:
    if NUL in request.path:
        return True
    if any(NUL in key or NUL in value for key, value in request.args.items(multi=True)):
        return True
    # Only a request with a body has a form or files: reading them for a GET costs a parse.
    if not request.content_length and "chunked" not in request.headers.get("Transfer-Encoding", ""):
        return False
    if any(NUL in key or NUL in value for key, value in request.form.items(multi=True)):
        return True
    return any(NUL in (upload.filename or "") for upload in request.files.values())


def init_app(app: Flask) -> None:
    @app.before_request
    def _refuse_nul_bytes():
        if _carries_nul():
            return render_template("errors/nul.html", error=BadRequest()), 400

    @app.after_request
    def _strict_transport(response):
        if app.config.get("PREFERRED_URL_SCHEME") == "https":
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
