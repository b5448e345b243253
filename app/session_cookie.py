"""Flask's signed-cookie session, with its signing serializer made once per secret key.

Flask makes a new serializer for every request (``get_signing_serializer``), a tenth of what
opening a session costs on a child's booklet page (bench/booklet_page.py). The cookie, its
signature and its keys (``SECRET_KEY`` and ``SECRET_KEY_FALLBACKS``) are Flask's own, unchanged;
a changed key or fallback list makes a new serializer.
"""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface


class KeptSerializerSessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._made: tuple[tuple, object] | None = None

    def get_signing_serializer(self, app: Flask):
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        made = self._made
        if made is None or made[0] != keys:
            made = self._made = (keys, super().get_signing_serializer(app))
        return made[1]


def init_app(app: Flask) -> None:
    app.session_interface = KeptSerializerSessionInterface()
