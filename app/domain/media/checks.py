"""Checking a drawing or a recording before it is kept; refusals are in words a child can read.

A drawing is decoded and drawn again by Pillow: whatever the file carried besides the picture
(EXIF with the phone's location and the time, comments, other frames) is left behind, and a file
that only calls itself a picture is refused. A recording is kept as sent, but only if its first
bytes are one of the audio containers browsers record into (WebM, Ogg, MP4) and it is small.
"""

from __future__ import annotations

import io
import warnings

from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Big enough to read a child's drawing on a laptop, small enough to keep many in the database.
MAX_SIDE = 1600
# A phone's photo has up to about fifty million pixels; more is a "decompression bomb".
MAX_PIXELS = 60_000_000
PICTURE_FORMATS = {"PNG", "JPEG", "WEBP", "GIF", "BMP", "MPO"}
# About a minute of speech as browsers record it (Opus or AAC) is well under this.
MAX_VOICE_BYTES = 2 * 1024 * 1024
MAX_VOICE_SECONDS = 60


class MediaRefused(ValueError):
    """A file we cannot keep; ``str()`` says why, in plain words for the child."""


def checked_drawing(raw: bytes) -> tuple[bytes, str]:
    """The picture drawn afresh, without anything else the file carried, and its type."""
    if not raw:
        raise MediaRefused(_("That file is empty. Take a photo of your drawing again."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as image:
                if image.format not in PICTURE_FORMATS:
                    raise MediaRefused(_not_a_picture())
                if image.width * image.height > MAX_PIXELS:
                    raise MediaRefused(picture_too_big())
                image.load()
                source_format = image.format
                # Turned the way the phone held it; the orientation tag then goes with the rest.
                upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, MediaRefused):
            raise
        raise MediaRefused(_not_a_picture()) from None
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise MediaRefused(picture_too_big()) from None
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    # Transparent parts of a drawing show white, as on paper.
    if upright.mode in ("RGBA", "LA", "P"):
        rgba = upright.convert("RGBA")
        upright = Image.new("RGB", rgba.size, "white")
        upright.paste(rgba, mask=rgba.getchannel("A"))
    else:
        upright = upright.convert("RGB")
    out = io.BytesIO()
    if source_format == "PNG":
        # A drawing made on the screen: flat colours and lines, which PNG keeps sharp.
        upright.save(out, "PNG", optimize=True)
        return out.getvalue(), "image/png"
    upright.save(out, "JPEG", quality=85)
    return out.getvalue(), "image/jpeg"


def _not_a_picture() -> str:
    return _("That file is not a picture. Take a photo of your drawing, or skip this.")


def picture_too_big() -> str:
    return _("That picture is too big. Take the photo again, a little further away.")


def checked_voice(raw: bytes) -> tuple[bytes, str]:
    """The recording as sent, with the audio type its first bytes show."""
    if not raw:
        raise MediaRefused(_("The recording is empty. Try again, or skip this."))
    if len(raw) > MAX_VOICE_BYTES:
        raise MediaRefused(
            _(
                "The recording is too long. Please keep it under %(seconds)s seconds.",
                seconds=MAX_VOICE_SECONDS,
            )
        )
    mimetype = voice_type(raw)
    if mimetype is None:
        raise MediaRefused(_("We could not play that recording. Try again, or skip this."))
    return raw, mimetype


def voice_type(raw: bytes) -> str | None:
    if raw[:4] == b"\x1a\x45\xdf\xa3":
        return "audio/webm"
    if raw[:4] == b"OggS":
        return "audio/ogg"
    if raw[4:8] == b"ftyp":
        return "audio/mp4"
    return None
