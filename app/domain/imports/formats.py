"""The layouts an import understands, recognised from the file itself (its header row).

- the public contract's CSV (:mod:`~app.domain.imports.contract_csv`), the default;
- the DfE SSDA903 Reviews CSV (:mod:`~app.domain.imports.ssda903_csv`) and XML
  (:mod:`~app.domain.imports.ssda903_xml`);
- the SSD's ``ssd_cla_reviews`` with ``ssd_person`` and ``ssd_cla_episodes``
  (:mod:`~app.domain.imports.ssd`), given as several files in any order;
- any extract read through a saved mapping (:mod:`~app.domain.imports.mapped`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from flask_babel import gettext as _

from app.domain.imports import contract_csv, mapped, ssd, ssda903_csv, ssda903_xml
from app.domain.imports.files import not_a_table, read_text
from app.domain.imports.mappings import find_mapping
from app.domain.imports.rows import ImportResult
from app.domain.imports.table import Table, csv_records, header_names


def _names(text: str) -> list[str]:
    try:
        header, _records = csv_records(text)
    except ValueError:
        return []
    return header_names(header)


def recognise(
    files: Sequence[bytes], result: ImportResult, *, mapping: str | None = None
) -> Table | None:
    """The first file (or, for the SSD, the ``ssd_cla_reviews`` among them) read as a Table."""
    data = files[0]
    if mapping is not None:
        saved = find_mapping(mapping)
        if saved is None:
            result.errors.append(_("There is no saved mapping called %(name)s.", name=mapping))
            return None
        text = read_text(data, result)
        return mapped.read(text, saved, result) if text is not None else None
    refused = not_a_table(data)
    if refused:
        result.errors.append(refused)
        return None
    if data.strip() and ssda903_xml.recognises(data[:64]):
        return ssda903_xml.read(io.BytesIO(ssda903_xml.as_declared(data)), result)
    texts = []
    for one in files:
        text = read_text(one, result)
        if text is None:
            return None
        texts.append(text)
    headers = [_names(text) for text in texts]
    reviews = next((i for i, names in enumerate(headers) if ssd.is_reviews(names)), None)
    if reviews is not None:
        person = next((t for t, n in zip(texts, headers, strict=True) if ssd.is_person(n)), None)
        episodes = next(
            (t for t, n in zip(texts, headers, strict=True) if ssd.is_episodes(n)), None
        )
        return ssd.read(texts[reviews], person, episodes, result)
    if ssda903_csv.recognises(headers[0]):
        return ssda903_csv.read(texts[0], result)
    return contract_csv.read(texts[0], result)
