"""Measuring what a child taps, in the browser: every link, button, tick box, radio button and
label, and the taps it takes to fill a booklet."""

from __future__ import annotations

from datetime import timedelta

from app.domain.booklets.definitions import latest_version
from app.domain.invitations.links import create
from app.extensions import db
from app.models import Child, Review
from tests.factories import TODAY, make_user

MIN_TARGET = 44  # CSS pixels: WCAG 2.5.5, and what the issue asks of every tap target

# A tick box or radio button is tapped through its label too, so its target is the box around
# both. Hidden things (display none, the skip link off screen, visually-hidden text) are not
# targets until they show.
TARGETS = """() => {
  const seen = [];
  const shown = (e) => {
    const r = e.getBoundingClientRect();
    const style = getComputedStyle(e);
    return r.width > 1 && r.height > 1 && style.visibility !== 'hidden'
      && r.right > 0 && r.bottom > 0 && r.left < document.documentElement.scrollWidth;
  };
  const union = (rects) => {
    const left = Math.min(...rects.map((r) => r.left)), top = Math.min(...rects.map((r) => r.top));
    const right = Math.max(...rects.map((r) => r.right));
    const bottom = Math.max(...rects.map((r) => r.bottom));
    return {width: right - left, height: bottom - top};
  };
  const selector = 'a[href], button, input[type=radio], input[type=checkbox], label, summary';
  for (const e of document.querySelectorAll(selector)) {
    if (!shown(e)) continue;
    let box = e.getBoundingClientRect();
    if (e.matches('input')) {
      box = union([box, ...[...e.labels].filter(shown).map((l) => l.getBoundingClientRect())]);
    }
    seen.push({
      what: e.outerHTML.slice(0, 120), text: (e.innerText || e.value || '').trim().slice(0, 40),
      width: Math.round(box.width * 10) / 10, height: Math.round(box.height * 10) / 10,
    });
  }
  return seen;
}"""


def tap_targets(page) -> list[dict]:
    """Every tap target the page shows, with its size in CSS pixels."""
    return page.evaluate(TARGETS)


def too_small(page) -> list[str]:
    """The page's tap targets smaller than 44×44 CSS pixels, described for a failure message."""
    return [
        f"{t['width']}×{t['height']} {t['text']!r} {t['what']}"
        for t in tap_targets(page)
        if t["width"] < MIN_TARGET or t["height"] < MIN_TARGET
    ]


AUDIENCE = {"parent": "parent", "carer": "carer"}


def invite(live_server, slug: str) -> tuple[str, int]:
    """A child of 11 with a review in 10 days, invited to ``slug``: the link and invitation id."""
    iro = make_user(email=f"{slug}@example.org")
    child = Child(
        child_ref=f"C-{slug}",
        preferred_name="Jo",
        date_of_birth=TODAY - timedelta(days=11 * 365),
        team=iro.team,
        iro=iro,
    )
    review = Review(review_date=TODAY + timedelta(days=10), team=iro.team)
    child.reviews.append(review)
    db.session.add(child)
    respondent = AUDIENCE.get(slug, "child")
    invitation, token, _code = create(review, latest_version(slug), respondent=respondent)
    db.session.commit()
    return f"{live_server.url}/b/{token}", invitation.id


def invite_child(live_server, slug: str) -> str:
    return invite(live_server, slug)[0]


def tap_and_wait(page, target) -> None:
    """Tap a link or button that opens another page, and wait until that page has come."""
    with page.expect_navigation():
        target.tap()
