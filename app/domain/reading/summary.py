"""The few lines at the top of the IRO's reading page: what to look at first in a review's
booklets, before reading every answer."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.reading.history import faces_over_time
from app.domain.reviews.outcome import requests
from app.models import Review


@dataclass
class ReadingSummary:
    # The faces questions whose answer this time is better or worse than last time, by label.
    better: list[str] = field(default_factory=list)
    worse: list[str] = field(default_factory=list)
    same: int = 0
    # What the child asked for in the review menu, in their voice ("I would like to chair...").
    asked: list[str] = field(default_factory=list)
    urgent: int = 0  # answers (or the child's own request) that need a person today
    only_iro: int = 0  # answers the child kept for their IRO alone

    @property
    def compared(self) -> bool:
        return bool(self.better or self.worse or self.same)

    @property
    def empty(self) -> bool:
        return not (self.compared or self.asked or self.urgent or self.only_iro)


def reading_summary(review: Review) -> ReadingSummary:
    """Faces now against last time, the child's requests, and the urgent and only-IRO counts."""
    summary = ReadingSummary(asked=[r.asked for r in requests(review)])
    history = faces_over_time(review.child, until=review.review_date)
    # "Now" is this review's booklet: an older one compared with the one before says nothing new.
    if history.comparable and history.dates[-1] == review.review_date:
        for row in history.rows:
            if row.change == "better":
                summary.better.append(row.label)
            elif row.change == "worse":
                summary.worse.append(row.label)
            elif row.change == "same":
                summary.same += 1
    for invitation in review.invitations:
        # Only urgent flags (an alert went out): "read today" ones are marked beside their answers.
        summary.urgent += sum(1 for flag in invitation.urgent_flags if flag.urgent)
        summary.only_iro += sum(1 for answer in invitation.answers if answer.only_iro)
    return summary
