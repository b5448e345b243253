"""The records My Say keeps, one module per area; importing this package registers every table."""

from app.models import (  # noqa: F401  (register their tables)
    accounts,
    alerts,
    audit,
    booklet_drafts,
    cover,
    imports,
    jobs,
    media,
    placements,
    sending,
    themes,
)
from app.models.core import (
    Answer,
    BookletVersion,
    Child,
    Invitation,
    InvitationState,
    Review,
    Role,
    Team,
    User,
    utcnow,
)

__all__ = [
    "Answer",
    "BookletVersion",
    "Child",
    "Invitation",
    "InvitationState",
    "Review",
    "Role",
    "Team",
    "User",
    "utcnow",
]
