"""The IRO's photo for a child's letter: a face they will meet, and nothing else from the file.

A phone photo carries EXIF data: where it was taken (often the IRO's home), the phone, the time.
A letter goes to a child's placement and may be seen by anyone there, so the upload is decoded
and drawn again by Pillow as a small square JPEG: only the pixels survive. Decoding it also
proves it is a picture; anything else is refused with a message, not stored.
"""

from __future__ import annotations

import io

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

# Big enough for 28 mm on a printed letter at 300 dpi; small enough to keep in the database.
SIDE = 360
QUALITY = 85
# The pixel budget: a phone's camera photo is 12 megapixels, which decodes to 36 MB; 8900 x 8900
# would take a worker to over a gigabyte. The size is read from the header, before decoding.
MAX_PIXELS = 16_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


class PhotoError(ValueError):
    """The upload is not a photo we can use; the message says why in plain words."""


def square_jpeg(data: bytes) -> bytes:
    """The upload as a SIDE x SIDE JPEG, centred and cropped, turned the way the camera was held,
    with no metadata. Raises :class:`PhotoError` if it is not a picture."""
    if not data:
        raise PhotoError(_l("Choose a photo to upload"))
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise PhotoError(_l("The photo must be a JPEG or PNG picture"))
            if image.width * image.height > MAX_PIXELS:
                raise PhotoError(
                    _l("The photo is too big: use one under 16 megapixels, like a phone's camera")
                )
            # A JPEG decodes straight to a scale near the small square, never at full size.
            image.draft("RGB", (SIDE * 2, SIDE * 2))
            image.load()
            upright = ImageOps.exif_transpose(image)
            square = ImageOps.fit(upright.convert("RGB"), (SIDE, SIDE), Image.Resampling.LANCZOS)
    except PhotoError:
        raise
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as error:
        raise PhotoError(_l("That file is not a photo we can read: use a JPEG or PNG")) from error
    out = io.BytesIO()
    # No exif= and no icc_profile=: Pillow writes only the pixels.
    square.save(out, format="JPEG", quality=QUALITY, optimize=True)
    return out.getvalue()
