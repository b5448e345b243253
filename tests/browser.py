"""Support for browser tests: the app served on a loopback port, and Debian's Chromium.

Chromium is never downloaded: Playwright drives /usr/bin/chromium from Debian's package.
"""

from __future__ import annotations

import base64
import io
import threading

import zxingcpp
from PIL import Image
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1366, "height": 768}}


class LiveServer:
    """The app on 127.0.0.1 at a free port, in a thread, until ``stop``."""

    def __init__(self, app):
        self._server = make_server("127.0.0.1", 0, app, threaded=False)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self):
        self._server.shutdown()
        self._thread.join(timeout=5)


def decode_qr_data_uri(src: str) -> str:
    """Read a QR code back from a ``data:image/png;base64,…`` image, as a phone camera would."""
    assert src.startswith("data:image/png;base64,"), src[:40]
    image = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1])))
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1, f"expected one QR code, found {len(results)}"
    return results[0].text
