"""An opaque name for a browser draft, so a page's unsaved words survive a reload on the phone.

The name is an HMAC of the invitation's id with the app's secret key: it tells nobody who the
child is, and it is never the link's token, which must not be left on a shared phone.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app

from app.booklet.access import current_invitation
from app.booklet.blueprint import bp


def draft_key(invitation_id: int) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    message = f"my-say-draft:{invitation_id}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:24]


@bp.context_processor
def _draft_key_for_templates():
    # Booklet pages without an open booklet get None, and the script then forgets every draft.
    invitation = current_invitation()
    return {"draft_key": draft_key(invitation.id) if invitation else None}
