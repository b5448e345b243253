"""Several uploaded files (an SSD extract's tables) kept as one waiting file, and read back.

The waiting-import store keeps one file per session; a ZIP archive (stdlib, no compression)
carries several without changing it. A single file is kept as it came, unless it starts
like an archive itself (a ZIP or an Excel file uploaded by mistake): then it is wrapped too,
so reading back never mistakes the upload for a bundle.
"""

from __future__ import annotations

import io
import zipfile

_ZIP = b"PK\x03\x04"


def bundle(files: list[bytes]) -> bytes:
    if len(files) == 1 and not files[0].startswith(_ZIP):
        return files[0]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for index, data in enumerate(files):
            archive.writestr(f"{index}", data)
    return out.getvalue()


def unbundle(blob: bytes) -> list[bytes]:
    # Only a bundle made above starts like this: bundle() wraps any upload that does.
    if not blob.startswith(_ZIP):
        return [blob]
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        return [archive.read(name) for name in sorted(archive.namelist(), key=int)]
