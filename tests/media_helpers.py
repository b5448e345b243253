"""Helpers that test_drawings.py and the browser tests share (no test module imports another)."""

from __future__ import annotations

import io

from PIL import Image

from app.domain.booklets.definitions import booklet_of, latest_version
from tests.factories import make_invitation

# The first bytes of a WebM file, as Chromium's MediaRecorder writes one; the rest is made up.
WEBM = b"\x1a\x45\xdf\xa3" + b"\x9f\x42\x86\x81\x01" + bytes(range(256)) * 8
# A phone's photo says where and when it was taken, and which phone took it.
PLACE = "Flat 3, 12 Acacia Avenue"


def photo_with_exif(size=(2400, 1800), orientation: int | None = None) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    exif[0x010E] = PLACE  # ImageDescription
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def drawn_png() -> bytes:
    image = Image.new("RGBA", (800, 600), (0, 0, 0, 0))
    for x in range(100, 700):
        image.putpixel((x, 300), (212, 53, 28, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def houses_page(slug: str = "little") -> int:
    pages = booklet_of(latest_version(slug)).pages
    return next(n for n, p in enumerate(pages, start=1) if p.key == "three_houses")


def open_little(client, ref="C1", name="Jo"):
    link = make_invitation(ref=ref, name=name, version=latest_version("little"))
    client.get(f"/b/{link.token}")
    return link
