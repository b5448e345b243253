"""How big a request may be, by what it is for.

Every request is capped by ``MAX_CONTENT_LENGTH`` (8 MB) before its form is read. A booklet page
with a drawing question is the one place a child sends a photo, and a phone camera's photo can
be larger than that: refused at the request, the page would answer 413 without reading it, and
the words typed on the same page would be lost. So a booklet page's post may be as big as
``BOOKLET_PAGE_MAX_CONTENT_LENGTH``; a photo too big to keep is then refused beside its
question, in plain words, and the rest of the page is saved (app/booklet/media.py).
"""

from __future__ import annotations

from flask import Request, current_app


class UploadAwareRequest(Request):
    @property
    def max_content_length(self) -> int | None:
        if self.method == "POST" and self.endpoint == "booklet.page":
            return current_app.config["BOOKLET_PAGE_MAX_CONTENT_LENGTH"]
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        Request.max_content_length.fset(self, value)
