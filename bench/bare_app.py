"""A bare Flask app serving a fixed page of the booklet page's size, and /healthz: the load
benchmark's baseline (what Flask and gunicorn alone cost on this machine, in the same run)."""

import os

from flask import Flask

app = Flask(__name__)
BODY = b"x" * int(os.environ.get("BARE_PAGE_BYTES", "6600"))


@app.route("/")
def page():
    return BODY


@app.route("/healthz")
def healthz():
    return "ok"
