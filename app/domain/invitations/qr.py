"""QR codes for booklet links, drawn here so that nothing about a child goes to another site."""

from __future__ import annotations

import base64
import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M

# M survives a crease or a smudge on a posted letter without making the code too dense to scan.
ERROR_CORRECTION = ERROR_CORRECT_M
# Four modules of white round the code is what the standard asks for; scanners miss codes without.
QUIET_ZONE = 4


def png_bytes(data: str, box_size: int = 8) -> bytes:
    """The QR code for ``data`` as a PNG image."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECTION, box_size=box_size, border=QUIET_ZONE)
    code.add_data(data)
    code.make(fit=True)
    image = code.make_image(fill_color="black", back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def data_uri(data: str, box_size: int = 8) -> str:
    """The QR code as a ``data:`` URI, which the page's content policy allows for images."""
    encoded = base64.b64encode(png_bytes(data, box_size)).decode("ascii")
    return f"data:image/png;base64,{encoded}"
