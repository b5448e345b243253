"""Full addresses for what leaves the app: letters and their QR codes, emails and text messages.

A message is read far from the request that made it, and a command (escalating alerts, sending
reminders) has no request at all, so links start from ``PUBLIC_BASE_URL``, the address the
council publishes. Without it, the host of a real request is used, or ``SERVER_NAME``; with none
of them the path alone is given, which still tells staff which page to open.
"""

from __future__ import annotations

from flask import current_app, has_request_context, url_for


def path_for(endpoint: str, **values) -> str:
    """The path of a page (``/staff/reviews/7``), with or without a request."""
    if has_request_context() or current_app.config.get("SERVER_NAME"):
        return url_for(endpoint, **values)
    # Flask's url_for needs a host outside a request, but a path does not: the URL map bound to
    # no host builds it, where a made-up request would pretend to be one.
    current_app.inject_url_defaults(endpoint, values)
    adapter = current_app.url_map.bind("", script_name=current_app.config["APPLICATION_ROOT"])
    return adapter.build(endpoint, values)


def absolute_url(endpoint: str, **values) -> str:
    """The address to put in a letter or a message: under ``PUBLIC_BASE_URL`` when it is set."""
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    if base:
        return base + path_for(endpoint, **values)
    if has_request_context() or current_app.config.get("SERVER_NAME"):
        return url_for(endpoint, _external=True, **values)
    return path_for(endpoint, **values)


def booklet_link(token: str) -> str:
    """The link that opens a booklet: what the QR code, the letter and the message carry."""
    return absolute_url("booklet.open_link", token=token)


def start_link() -> str:
    """The page where a child types the short code instead."""
    return absolute_url("booklet.start")
