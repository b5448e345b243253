"""The DfE 903 return (CSV and XML) and the SSD as councils' systems really write them.

Each file holds the reviews of tests/import_formats_helpers.py; written the way a case system or
a database export writes it, it must store exactly what the plain contract CSV stores.
"""

from itertools import cycle

import pytest

from app.domain.imports.reader import import_reviews
from app.domain.reviews.participation import PN_CODES
from tests.council_files import count_reviews, stored, stored_by_plain_import
from tests.import_formats_helpers import REVIEWS, contract_csv, dmy, forget_everything


@pytest.fixture
def plain(app):
    return stored_by_plain_import(contract_csv())


def imports_as_plain(plain, data: bytes, others=()):
    result = import_reviews(data, others=list(others))
    assert result.ok, result.errors
    assert (result.rows, result.created) == (len(REVIEWS), len(REVIEWS))
    assert stored() == plain
    return result


def test_903_csv_with_more_columns_in_another_order_and_loose_codes(app, plain):
    # Column order, extra columns, heading case, codes in lower case or with a space, and dates
    # as SQL Server writes a datetime: all as a council's own 903 query gives them.
    loose = cycle(["pn{}", " PN {} ", "Pn{}"])
    lines = ["LA,child,Review_Code,REVIEW,UPN,DOB"]
    for child, born, day, code in REVIEWS:
        code = next(loose).format(code[2:]) if code else ""
        lines.append(f"123,{child},{code},{day} 00:00:00.000,A123,{dmy(born)}")
    result = imports_as_plain(plain, ("\r\n".join(lines) + "\r\n").encode())
    assert result.unknown_columns == ["LA", "UPN"]


def xml_return(
    *,
    declaration='<?xml version="1.0" encoding="utf-8"?>',
    encoding="utf-8",
    namespace="",
    padded=False,
    child_without_reviews=True,
) -> bytes:
    """The 903 return as XML with its other elements (episodes, a name the LA adds)."""
    children: dict[str, tuple] = {}
    for child, born, day, code in REVIEWS:
        children.setdefault(child, (born, []))[1].append((day, code))

    def element(tag: str, text: str) -> str:
        return f"<{tag}>\n      {text}\n    </{tag}>" if padded else f"<{tag}>{text}</{tag}>"

    root = f'<EXPSSDA903 xmlns="{namespace}">' if namespace else "<EXPSSDA903>"
    parts = [declaration, root, "<HEADER><LA>123</LA></HEADER>"]
    for child, (born, held) in children.items():
        parts += [
            "<CHILD>",
            f"  <HEADER>{element('CHILDID', child)}<SEX>2</SEX>{element('DOB', dmy(born))}"
            "<FORENAME>Siân</FORENAME></HEADER>",
            "  <EPISODES><EPISODE><DECOM>01/01/2023</DECOM><RNE>S</RNE></EPISODE></EPISODES>",
        ]
        for day, code in held:
            parts += [
                "  <AREVIEW>",
                f"    {element('REVIEW', dmy(day))}",
                f"    {element('REVIEW_CODE', code)}",
                "  </AREVIEW>",
            ]
        parts.append("</CHILD>")
    if child_without_reviews:
        parts += ["<CHILD><HEADER><CHILDID>C99</CHILDID><DOB>01/01/2015</DOB></HEADER></CHILD>"]
    parts.append("</EXPSSDA903>")
    return ("\r\n".join(parts) + "\r\n").encode(encoding)


XML_AS_WRITTEN = {
    "namespace": dict(namespace="http://www.dfe.gov.uk/SSDA903"),
    "windows-1252-declared": dict(
        declaration='<?xml version="1.0" encoding="windows-1252"?>', encoding="cp1252"
    ),
    "iso-8859-1-declared": dict(
        declaration="<?xml version='1.0' encoding='ISO-8859-1' standalone='yes'?>",
        encoding="latin-1",
    ),
    "utf-16": dict(declaration='<?xml version="1.0" encoding="UTF-16"?>', encoding="utf-16"),
    "says-utf-8-but-is-windows-1252": dict(encoding="cp1252"),
    "no-declaration": dict(declaration=""),
    "blank-line-before-declaration": dict(declaration='\r\n<?xml version="1.0" encoding="utf-8"?>'),
    "line-breaks-inside-elements": dict(padded=True),
}


@pytest.mark.parametrize("written", XML_AS_WRITTEN.values(), ids=XML_AS_WRITTEN.keys())
def test_903_xml_as_written_by_case_systems(app, plain, written):
    imports_as_plain(plain, xml_return(**written))


def test_a_namespaced_903_xml_problem_names_its_line(app):
    data = xml_return(namespace="http://www.dfe.gov.uk/SSDA903").replace(
        f"<REVIEW>{dmy(REVIEWS[2][2])}</REVIEW>".encode(), b"<REVIEW>31/02/2023</REVIEW>"
    )
    lines = data.decode().splitlines()
    review = next(n for n, text in enumerate(lines, 1) if "31/02/2023" in text)
    result = import_reviews(data)
    # A review's line is where its <AREVIEW> starts: the line above its date.
    assert result.errors == [
        f"line {review - 1}: REVIEW '31/02/2023' is not a real date like 2024-03-31 or 31/03/2024"
    ]
    assert count_reviews() == 0


SSD_HEADER = (
    "clar_cla_review_id,clar_cla_id,clar_cla_review_due_date,clar_cla_review_date,"
    "clar_cla_review_cancelled,clar_cla_review_participation"
)
NOT_CANCELLED = ["N", "0", "false", "", "No", "f", "NULL", "FALSE"]
CANCELLED = ["Y", "1", "true", "Yes", "t", "TRUE"]


def ssd_reviews(participation, flags=NOT_CANCELLED) -> bytes:
    """ssd_cla_reviews with every review, and a cancelled one beside each child's first."""
    rows, flag, ends = [SSD_HEADER], cycle(flags), cycle(CANCELLED)
    for i, (child, _born, day, code) in enumerate(REVIEWS, start=1):
        when = f"{day.isoformat()} 00:00:00.000"
        rows.append(f"R{i},{child},{when},{when},{next(flag)},{participation(code)}")
        rows.append(f"X{i},{child},{day.replace(day=28).isoformat()},,{next(ends)},PN7")
    return ("\r\n".join(rows) + "\r\n").encode()


def ssd_person() -> bytes:
    people = {child: born for child, born, _day, _code in REVIEWS}
    rows = ["pers_legacy_id,pers_person_id,pers_forename,pers_sex,pers_dob,pers_upn"]
    rows += [f"L{c},{c},Zoë,F,{b.isoformat()}T00:00:00,A{c}" for c, b in people.items()]
    return ("\n".join(rows) + "\n").encode()


def described(code: str) -> str:
    return f'"{PN_CODES[code]}"' if code else ""


PARTICIPATION = {
    "codes": lambda code: code or "NULL",
    "descriptions": described,
    "code-and-description": lambda code: f'"{code} - {PN_CODES[code]}"' if code else "",
    "description-cut-short": lambda code: f'"{PN_CODES[code][:40]}"' if code else "",
}


@pytest.mark.parametrize("participation", PARTICIPATION.values(), ids=PARTICIPATION.keys())
def test_ssd_flags_and_participation_as_databases_write_them(app, plain, participation):
    imports_as_plain(plain, ssd_reviews(participation), [ssd_person()])


def test_an_ssd_cancelled_flag_that_is_not_yes_or_no_is_asked_about(app):
    data = ssd_reviews(lambda code: code, flags=["N", "Maybe", "N", "N", "N", "N"])
    result = import_reviews(data, others=[ssd_person()])
    # The second review is on the fourth line (each review has a cancelled one after it).
    assert result.errors == ["line 4: clar_cla_review_cancelled 'Maybe' is not Y or N"]
    assert count_reviews() == 0


def test_ssd_reviews_without_ssd_person_say_which_file_is_missing(app):
    result = import_reviews(ssd_reviews(lambda code: code))
    assert not result.ok
    assert "their dates of birth are in ssd_person" in result.errors[0]
    assert count_reviews() == 0
