"""Entry point for ``flask --app wsgi`` and for gunicorn (``gunicorn wsgi:app``)."""

import sys

from app import create_app
from app.config import UnsafeConfig

try:
    app = create_app()
except UnsafeConfig as problem:
    # Whoever starts the app or a command needs the one sentence saying which setting to put
    # right, not a traceback around it; the status is 1.
    sys.exit(str(problem))
