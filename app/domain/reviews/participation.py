"""Participation codes (SSDA903) and the arithmetic the annual report tables share."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

# DfE's official wording: kept verbatim because returns and other councils' reports quote it.
PN_CODES: dict[str, str] = {
    "PN0": "Child aged under 4 at the time of the review",
    "PN1": "Child physically attends and speaks for him or herself",
    "PN2": "Child physically attends and an advocate speaks on his or her behalf",
    "PN3": "Child attends and conveys his or her view symbolically (non-verbally)",
    "PN4": (
        "Child physically attends but does not speak, convey a view symbolically "
        "or ask an advocate to speak"
    ),
    "PN5": "Child does not attend physically but briefs an advocate to speak for him or her",
    "PN6": (
        "Child does not attend but conveys his or her feelings by a facilitative medium "
        "(texting the chair, written format such as a booklet, phone, audio/video)"
    ),
    "PN7": "Child does not attend nor are his or her views conveyed to the review",
}
CODES: tuple[str, ...] = tuple(PN_CODES)
PARTICIPATED: tuple[str, ...] = ("PN1", "PN2", "PN3", "PN4", "PN5", "PN6")
NOT_PARTICIPATED = "PN7"
UNDER_FOUR = "PN0"

VENUES: tuple[str, ...] = ("office", "placement", "school", "virtual", "other")
REVIEW_TYPES: tuple[str, ...] = ("initial", "second", "subsequent")

_ONE_DECIMAL = Decimal("0.1")


def normalise_code(text: str | None) -> str | None:
    """``' pn6 '`` -> ``'PN6'``; empty -> None; anything else -> ValueError."""
    code = (text or "").strip().upper()
    if not code:
        return None
    if code not in PN_CODES:
        raise ValueError(code)
    return code


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole`` to one decimal, half up; None when ``whole`` is 0.

    Half up, not Python's round(): the councils' reports round by hand, and 0.05 must become 0.1
    there and here alike.
    """
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


def participation_rate(counts: Mapping[str, int]) -> Decimal | None:
    """Reviews coded PN1 to PN6 as a percentage of those coded PN1 to PN7, one decimal.

    PN0 and reviews with no code are left out of both sides; None when nothing is coded PN1 to PN7.
    """
    participated = sum(counts.get(code, 0) for code in PARTICIPATED)
    return percent(participated, participated + counts.get(NOT_PARTICIPATED, 0))


def format_percent(value: Decimal | None) -> str:
    """``Decimal('90.8')`` -> ``'90.8'``; None (nothing to divide by) -> an empty cell."""
    return "" if value is None else f"{value:.1f}"


def financial_year(day: date) -> tuple[date, date]:
    """The English financial year (1 April to 31 March) that ``day`` falls in."""
    start_year = day.year if day.month >= 4 else day.year - 1
    return date(start_year, 4, 1), date(start_year + 1, 3, 31)
