"""Static files with their content's hash in the URL, kept by browsers for a year; the favicon.

Every ``url_for('static', ...)`` gains ``?v=<hash of the file>`` centrally (no template names a
version), so a changed file has a new URL and the old one may be cached as immutable. A request
without the current hash (an old page, a typed URL) is served but must be revalidated.
Flask-Compress has no such helper, and Flask-Assets would mean a build step; this is 30 lines.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, request, send_from_directory

YEAR_SECONDS = 365 * 24 * 60 * 60
DAY_SECONDS = 24 * 60 * 60


def init_app(app: Flask) -> None:
    hashes: dict[str, str | None] = {}
    folder = Path(app.static_folder)

    def content_hash(filename: str) -> str | None:
        if filename not in hashes:
            try:
                digest = hashlib.sha256((folder / filename).read_bytes()).hexdigest()[:16]
            except OSError:
                digest = None
            hashes[filename] = digest
        return hashes[filename]

    @app.url_defaults
    def _versioned(endpoint, values):
        if endpoint == "static" and "v" not in values and values.get("filename"):
            digest = content_hash(values["filename"])
            if digest:
                values["v"] = digest

    @app.after_request
    def _cache(response):
        if request.endpoint != "static" or response.status_code != 200:
            return response
        filename = (request.view_args or {}).get("filename", "")
        # Flask streams files, and Flask-Compress leaves streams alone; ours are a few KB and
        # compress to a third, so read them into the response and let it compress them.
        response.direct_passthrough = False
        response.set_data(response.get_data())
        if request.args.get("v") and request.args.get("v") == content_hash(filename):
            response.cache_control.public = True
            response.cache_control.max_age = YEAR_SECONDS
            response.cache_control.immutable = True
            response.cache_control.no_cache = None
        else:
            response.cache_control.no_cache = True
            response.cache_control.max_age = None
        return response

    @app.route("/favicon.ico")
    def favicon():
        # Browsers ask for it at this fixed address, so it cannot carry a hash: a day's cache.
        return send_from_directory(
            folder, "favicon.ico", mimetype="image/x-icon", max_age=DAY_SECONDS
        )
