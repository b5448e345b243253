"""Static files with their content's hash in the URL, kept by browsers for a year; the favicon.

Every ``url_for('static', ...)`` gains ``?v=<hash of the file>`` centrally (no template names a
version), so a changed file has a new URL and the old one may be cached as immutable. A request
without the current hash (an old page, a typed URL) is served but must be revalidated.
Flask-Compress has no such helper, and Flask-Assets would mean a build step; this is 30 lines.

A child's phone fetches one stylesheet, not three: ``bundle_url('booklet.css')`` is
the app's, the booklet's and its tap targets' styles in one file, joined when the app starts and
named by the same kind of hash, so a slow mobile connection makes one request fewer per file.
Its script is served the same way, without its whole-line comments: the first page a child's
link opens has a budget of 10 KB on the wire (issue 13), and the comments were a quarter of it.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from flask import Flask, Response, abort, request, send_from_directory, url_for

YEAR_SECONDS = 365 * 24 * 60 * 60
DAY_SECONDS = 24 * 60 * 60
# Joined in this order, so a later file's rules win as they did when linked one after another.
BUNDLES = {
    "booklet.css": ("css/app.css", "css/booklet.css", "css/booklet_targets.css"),
    "booklet.js": ("js/booklet.js",),
}
MIMETYPES = {".css": "text/css", ".js": "text/javascript"}


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

    bundles = {
        name: (compact_css if name.endswith(".css") else compact_js)(
            "\n".join((folder / part).read_text("utf-8") for part in parts)
        )
        for name, parts in BUNDLES.items()
    }
    bundle_hashes = {name: hashlib.sha256(data).hexdigest()[:16] for name, data in bundles.items()}

    @app.url_defaults
    def _versioned(endpoint, values):
        if endpoint == "static" and "v" not in values and values.get("filename"):
            digest = content_hash(values["filename"])
            if digest:
                values["v"] = digest
        elif endpoint == "bundle" and "v" not in values and values.get("name") in bundle_hashes:
            values["v"] = bundle_hashes[values["name"]]

    bundle_urls: dict[tuple[str, str], str] = {}

    @app.template_global()
    def bundle_url(name: str) -> str:
        """``url_for('bundle', name=name)``, built once per name and mount point: every booklet
        page links two, and building a URL was a twentieth of the page's time."""
        key = (request.script_root, name)
        if key not in bundle_urls:
            if len(bundle_urls) > 64:  # mount points come from a proxy's header: keep it small
                bundle_urls.clear()
            bundle_urls[key] = url_for("bundle", name=name)
        return bundle_urls[key]

    @app.route("/static/bundle/<name>")
    def bundle(name):
        if name not in bundles:
            abort(404)
        response = Response(bundles[name], mimetype=MIMETYPES[Path(name).suffix])
        response.set_etag(bundle_hashes[name])
        _cache_for(response, request.args.get("v") == bundle_hashes[name])
        return response.make_conditional(request)

    @app.after_request
    def _cache(response):
        if request.endpoint != "static" or response.status_code != 200:
            return response
        filename = (request.view_args or {}).get("filename", "")
        # Flask streams files, and Flask-Compress leaves streams alone; ours are a few KB and
        # compress to a third, so read them into the response and let it compress them.
        response.direct_passthrough = False
        response.set_data(response.get_data())
        _cache_for(
            response, bool(request.args.get("v")) and request.args["v"] == content_hash(filename)
        )
        return response

    @app.route("/favicon.ico")
    def favicon():
        # Browsers ask for it at this fixed address, so it cannot carry a hash: a day's cache.
        return send_from_directory(
            folder, "favicon.ico", mimetype="image/x-icon", max_age=DAY_SECONDS
        )


def _cache_for(response: Response, current: bool) -> None:
    """A year, immutable, for a URL carrying the current hash; otherwise check every time."""
    if current:
        response.cache_control.public = True
        response.cache_control.max_age = YEAR_SECONDS
        response.cache_control.immutable = True
        response.cache_control.no_cache = None
    else:
        response.cache_control.no_cache = True
        response.cache_control.max_age = None


def compact_css(text: str) -> bytes:
    """The stylesheet without its comments, indentation and blank lines: a fifth fewer bytes
    on the wire after compression. The files under app/static keep their comments."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip()).encode()


def compact_js(text: str) -> bytes:
    """The script without indentation, blank lines and whole-line ``//`` comments. Only whole
    lines: a ``//`` after code may be inside a string, and telling needs a JavaScript parser
    (a minifier and its build step, for a few hundred bytes more)."""
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//")).encode()
