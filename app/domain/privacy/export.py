"""A subject-access export as files: JSON for a machine, PDF for the child or their solicitor."""

from __future__ import annotations

import json

from flask import render_template

from app.domain.messages.letters import html_to_pdf


def as_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def as_pdf(data: dict) -> bytes:
    return html_to_pdf(render_template("managers/subject_access_pdf.html", data=data))
