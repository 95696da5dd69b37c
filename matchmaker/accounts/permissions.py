"""Who may do what: a decorator for routes and small named predicates."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from .models import Role, User


def roles_required(*roles: Role):
    """Let a logged-in user through only if they hold one of ``roles`` (others get a 403)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def is_staff(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.SOCIAL_WORKER, Role.ADMIN)


def community_ids_visible_to(user: User) -> set[int] | None:
    """The communities whose records ``user`` may see as staff; None means all (admin)."""
    if not user.is_authenticated:  # public pages ask too: a visitor sees no one's records
        return set()
    if user.has_role(Role.ADMIN):
        return None
    if user.has_role(Role.SOCIAL_WORKER):
        return {c.id for c in user.communities}
    return set()
