"""The review-records CSV as councils' tools really save it, and files that are not what they claim.

Each file is built here from the same reviews (tests/council_files.py); a file that a council's
Excel or database wrote must import exactly as the plain file does, from the command and from the
managers' upload page, and a file that cannot be read must say why and change nothing.
"""

import io
import zipfile

import pytest

from app.domain.imports.reader import import_reviews
from tests.council_files import (
    COLUMNS,
    ROWS,
    as_cells,
    contract_file,
    count_reviews,
    dmy,
    stored,
    stored_by_plain_import,
    workbook,
)
from tests.factories import text_of
from tests.import_formats_helpers import forget_everything


@pytest.fixture
def plain(app):
    """What the plain UTF-8 contract CSV of the same reviews stores."""
    return stored_by_plain_import(contract_file())


@pytest.fixture
def pending_dir(app, tmp_path):
    app.config["PENDING_IMPORT_DIR"] = str(tmp_path / "pending")


def upload(client, data: bytes, name: str):
    return client.post(
        "/managers/import",
        data={"file": (io.BytesIO(data), name), "mapping": ""},
        content_type="multipart/form-data",
    )


def command(runner, tmp_path, data: bytes, name="reviews.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return runner.invoke(args=["import-reviews", str(path)])


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def damaged(book: bytes) -> bytes:
    """The workbook with its sheet cut in half, as a failed copy leaves it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as source, zipfile.ZipFile(out, "w") as archive:
        for name in source.namelist():
            data = source.read(name)
            archive.writestr(name, data[: len(data) // 2] if "worksheets/" in name else data)
    return out.getvalue()


SAVED_AS = {
    "excel-csv-utf8": dict(encoding="utf-8-sig", eol="\r\n"),
    "excel-csv-windows-1252": dict(encoding="cp1252", eol="\r\n"),
    "excel-semicolon-locale": dict(sep=";", encoding="cp1252", eol="\r\n", when=dmy),
    "excel-unicode-text": dict(sep="\t", encoding="utf-16", eol="\r\n"),
    "excel-sep-line": dict(sep=";", before="sep=;\r\n", eol="\r\n"),
    "pipe-separated": dict(sep="|"),
    "report-title-above-header": dict(
        before="Reviews for the annual report,,,,,,,\nRun 01/12/2026\n\n"
    ),
    "title-with-a-comma-above-semicolons": dict(
        sep=";", before="Reviews, all teams\r\n", eol="\r\n"
    ),
    "empty-columns-and-lines": dict(trailing_columns=3, after=",,,,,,,,,,\n\n\n"),
    "headings-in-capitals-with-spaces": dict(heading=lambda name: f"  {name.upper()} "),
    "line-breaks-in-quoted-cells": dict(cell=lambda text: text.replace(", ", ",\n")),
    "sql-server-datetime": dict(when=lambda iso: f"{iso} 00:00:00.000"),
    "sql-server-iso-t": dict(when=lambda iso: f"{iso}T00:00:00.000"),
    "sql-server-nulls": dict(
        cell=lambda text: text or "NULL", when=lambda iso: f"{iso} 00:00:00.000"
    ),
    "excel-day-first-with-time": dict(when=lambda iso: f"{dmy(iso)} 00:00"),
    "rows-affected-line": dict(after="\n(4 rows affected)\n"),
}


@pytest.mark.parametrize("saved_as", SAVED_AS.values(), ids=SAVED_AS.keys())
def test_a_csv_saved_by_excel_or_a_database_imports_as_the_plain_file_does(
    runner, tmp_path, plain, saved_as
):
    data = contract_file(**saved_as)
    done = command(runner, tmp_path, data)
    assert done.exit_code == 0, done.output
    assert f"Imported {len(ROWS)} rows: {len(ROWS)} new reviews" in done.stdout
    assert "not read" not in done.stdout
    with runner.app.app_context():
        assert stored() == plain
    again = command(runner, tmp_path, data)
    assert f"{len(ROWS)} unchanged" in again.stdout


def test_sqlcmd_dashes_under_the_header_are_not_a_review(runner, tmp_path, plain):
    data = contract_file(eol="\r\n", after="\r\n(4 rows affected)\r\n")
    header, rest = data.split(b"\r\n", 1)
    dashes = b",".join(b"-" * len(name) for name in header.split(b","))
    done = command(runner, tmp_path, b"\r\n".join([header, dashes, rest]))
    assert done.exit_code == 0, done.output
    with runner.app.app_context():
        assert stored() == plain


def test_names_keep_their_letters_from_windows_1252(app):
    result = import_reviews(contract_file(encoding="cp1252", eol="\r\n"))
    assert result.ok, result.errors
    assert {(ref, name) for ref, _born, name, *_rest in stored()} == {
        (row[0], row[7]) for row in ROWS
    }


def test_a_value_under_a_column_with_no_name_is_named_as_not_read(runner, tmp_path):
    data = contract_file(trailing_columns=2).replace(b"Aoife,,", b"Aoife,,see notes")
    done = command(runner, tmp_path, data)
    assert done.exit_code == 0, done.output
    assert f"not read: column {len(COLUMNS) + 2} (no name)." in done.stdout


def test_a_stray_quote_names_the_line_it_opens_on_and_imports_nothing(runner, tmp_path):
    data = contract_file(eol="\r\n").replace(b"C2,", b'C2,"', 1)
    done = command(runner, tmp_path, data)
    assert done.exit_code == 1
    assert "line 3: the file cannot be read as CSV (check for a stray quote mark)." in done.stderr
    with runner.app.app_context():
        assert count_reviews() == 0


BAD_DATES = {
    "no-such-day-day-first": ("31/02/2024", "'31/02/2024' is not a real date"),
    "no-such-day-iso": ("2024-02-30", "'2024-02-30' is not a real date"),
    "two-digit-year": ("05/03/24", "'05/03/24' has a two-digit year; write the year in full"),
    "month-first": ("03/25/2024", "'03/25/2024' is not a real date: dates are read day first"),
    "words": ("March 2024", "'March 2024' is not a real date"),
}


@pytest.mark.parametrize(("written", "said"), BAD_DATES.values(), ids=BAD_DATES.keys())
def test_a_date_that_cannot_be_read_names_its_line_and_imports_nothing(
    runner, tmp_path, written, said
):
    rows = [*ROWS[:2], (*ROWS[2][:3], written, *ROWS[2][4:]), *ROWS[3:]]
    # A quoted line break in the first review's team moves the later reviews down a line.
    data = contract_file(rows, eol="\r\n", cell=lambda text: text.replace(", ", ",\n"))
    line = next(n for n, text in enumerate(data.decode().splitlines(), 1) if written in text)
    done = command(runner, tmp_path, data)
    assert done.exit_code == 1
    assert f"line {line}: review_date {said}" in done.stderr
    assert done.stderr.splitlines()[-1] == "Nothing was imported."
    with runner.app.app_context():
        assert count_reviews() == 0


def test_a_bad_date_in_an_excel_file_is_shown_on_the_page_with_its_line(
    client, auth, manager, pending_dir
):
    auth.login(email="manager@example.org")
    data = contract_file(sep=";", encoding="cp1252", eol="\r\n", when=dmy)
    data = data.replace(dmy(ROWS[3][3]).encode(), b"31/02/2024", 1)
    page = upload(client, data, "reviews.csv")
    assert page.status_code == 400
    words = text_of(page)
    assert "Nothing was imported" in words
    # The header, then one line a review: the fourth review is on line 5.
    assert "line 5: review_date '31/02/2024' is not a real date in the form dd/mm/yyyy" in words
    assert count_reviews() == 0


NOT_A_TABLE = {
    "pdf-named-csv": (
        "reviews.csv",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        "The file is a PDF, not a CSV file.",
    ),
    "empty": ("reviews.csv", b"", "The file is empty."),
    "only-a-byte-order-mark": ("reviews.csv", b"\xef\xbb\xbf\r\n", "The file is empty."),
    "only-a-header": (
        "reviews.csv",
        b"\xef\xbb\xbf" + ",".join(COLUMNS).encode() + b"\r\n,,,,,,,\r\n\r\n",
        "The file has a header row but no reviews under it.",
    ),
    "old-excel-workbook": (
        "reviews.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "The file is an Excel 97-2003 workbook (.xls)",
    ),
    "web-page": (
        "reviews.csv",
        b"<!DOCTYPE html>\n<html><body>Session expired</body></html>\n",
        "The file is a web page, not a CSV file.",
    ),
    "binary": ("reviews.csv", bytes(range(1, 256)) * 8, "The file is not a CSV file."),
    "broken-workbook": (
        "reviews.xlsx",
        workbook([list(COLUMNS)])[:300],
        "it cannot be read as an Excel workbook (.xlsx) either.",
    ),
    "damaged-sheet": (
        "reviews.xlsx",
        damaged(workbook([list(COLUMNS), as_cells(ROWS[0])])),
        "it cannot be read as an Excel workbook (.xlsx) either.",
    ),
    "zip-archive": (
        "reviews.zip",
        zipped({"reviews.csv": contract_file()}),
        "it cannot be read as an Excel workbook (.xlsx) either.",
    ),
    "some-other-table": (
        "reviews.csv",
        b"Name,Address\r\nBob,1 High Street\r\n",
        "The header row has no column named child_ref, date_of_birth, review_date.",
    ),
}


@pytest.mark.parametrize(("name", "data", "said"), NOT_A_TABLE.values(), ids=NOT_A_TABLE.keys())
def test_a_file_that_is_not_review_records_says_so_on_the_page_and_the_command(
    client, auth, manager, pending_dir, runner, tmp_path, name, data, said
):
    auth.login(email="manager@example.org")
    page = upload(client, data, name)
    assert page.status_code == 400
    words = text_of(page)
    assert "Nothing was imported" in words and said in words
    assert count_reviews() == 0
    done = command(runner, tmp_path, data, name)
    assert done.exit_code == 1
    assert said in done.stderr and "Nothing was imported." in done.stderr
    assert count_reviews() == 0


def test_a_workbook_saved_from_the_csv_imports_through_the_page(
    client, auth, manager, pending_dir, plain
):
    auth.login(email="manager@example.org")
    # Excel turned the dates into date cells; the headings were retyped in capitals.
    data = workbook([[name.upper() for name in COLUMNS], *(as_cells(row) for row in ROWS)])
    preview = upload(client, data, "reviews.xlsx")
    assert preview.status_code == 200, text_of(preview)
    assert count_reviews() == 0
    done = client.post("/managers/import/confirm")
    assert done.status_code == 200
    assert "Review records imported" in text_of(done)
    assert stored() == plain


def test_a_workbook_problem_names_the_row_excel_shows(runner, tmp_path):
    bad = as_cells((*ROWS[3][:4], "PN9", *ROWS[3][5:]))
    # Row 1 the headings, 2 a review, 3 and 4 left empty, 5 the bad review.
    data = workbook([list(COLUMNS), as_cells(ROWS[0]), [], [], bad])
    done = command(runner, tmp_path, data, "reviews.xlsx")
    assert done.exit_code == 1
    assert "line 5: participation_code 'PN9' is not one of PN0 to PN7" in done.stderr
    with runner.app.app_context():
        assert count_reviews() == 0


def test_a_case_number_excel_made_a_number_stays_whole(app):
    rows = [[*COLUMNS], [123456, *as_cells(ROWS[0])[1:]]]
    result = import_reviews(workbook(rows))
    assert result.ok, result.errors
    assert [row[0] for row in stored()] == ["123456"]
