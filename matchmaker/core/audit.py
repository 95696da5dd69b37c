"""Writing the staff audit log (DESIGN §8)."""

from flask import has_request_context, request

from ..extensions import db
from .models import AuditEntry


def audit(actor, action: str, subject=None, *, detail: str = "") -> AuditEntry:
    """Record that ``actor`` did ``action`` to ``subject`` (a model instance, or None)."""
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        subject_type=type(subject).__tablename__ if subject is not None else "",
        subject_id=getattr(subject, "id", None),
        detail=detail,
        address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    db.session.flush()
    return entry
