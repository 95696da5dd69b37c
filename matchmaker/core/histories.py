"""How a recorded history reads: state names and system-written reasons in the reader's
language, actors by name (templates/registry/_history.html shows it).

An event's reason is stored as plain English text, as the services write it (rows already
stored included). Each domain registers the reasons its services write: a fixed text, or a
pattern whose parts are translated too. The ``event_reason`` template filter shows the
translation; any other reason (one a person typed) is shown as it was written.
"""

import re
from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.models import User
from ..extensions import db
from .events import history

_FIXED: dict[str, object] = {}
_PATTERNS: dict[str, tuple[re.Pattern, object, dict[str, Callable[[str], object]]]] = {}


def known_reason(text: str, message) -> None:
    """Show the stored reason ``text`` as ``message`` (a lazy string)."""
    _FIXED[text] = message


def reason_pattern(pattern: str, message, **parts: Callable[[str], object]) -> None:
    """Show a stored reason matching ``pattern`` (whole) as ``message`` % its named groups.

    :param parts: group name → a function giving that group's text in the reader's language
        (a group without one is shown as stored); it raises ValueError for a text the system
        does not write, and the whole reason is then shown as stored.
    """
    _PATTERNS[pattern] = (re.compile(pattern), message, parts)


def event_reason(reason: str | None) -> str:
    """The reason in the reader's language if the system wrote it, else as stored."""
    if not reason:
        return ""
    if reason in _FIXED:
        return str(_FIXED[reason])
    for regex, message, parts in _PATTERNS.values():
        found = regex.fullmatch(reason)
        if not found:
            continue
        try:
            values = {
                name: str(parts[name](value) if name in parts else value)
                for name, value in found.groupdict().items()
            }
        except ValueError:  # a part not as the system writes it: someone typed this
            continue
        return str(message) % values
    return reason


def labelled(labels: dict) -> Callable[[str], object]:
    """A part translator from a ``{enum member: label}`` mapping, by the member's value."""
    by_value = labelled_states(labels)
    return lambda value: by_value.get(value, value)


def history_context(subject, labels: dict) -> dict:
    """What ``registry/_history.html`` needs for ``subject``: its events, oldest first, the
    names of their actors, and ``labels`` (``{state: label}``) by state value."""
    events = history(subject)
    ids = {e.actor_id for e in events if e.actor_id}
    actors = (
        {u.id: u.name for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
        if ids
        else {}
    )
    return {"events": events, "actors": actors, "state_names": labelled_states(labels)}


def labelled_states(labels: dict) -> dict:
    return {getattr(key, "value", key): label for key, label in labels.items()}


#: field name → its name in the reader's language, as "changed: a, b" reasons list them
_FIELD_NAMES: dict[str, object] = {}


def field_names(**labels) -> None:
    """Name the fields a domain's services list in its "changed: a, b" reasons."""
    _FIELD_NAMES.update(labels)


def changed_fields(text: str) -> str:
    """ "skills, urgency" with each field named in the reader's language.

    :raises ValueError: for a name no domain registered (the reason is then shown as stored).
    """
    names = text.split(", ")
    if not all(name in _FIELD_NAMES for name in names):
        raise ValueError(text)
    # the separator of a list of field names ("、" in Chinese)
    return str(_l(", ")).join(str(_FIELD_NAMES[name]) for name in names)


known_reason("demo data", _l("demo data"))
reason_pattern(r"imported from (?P<file>.+)", _l("imported from %(file)s"))
reason_pattern(r"changed: (?P<fields>.+)", _l("changed: %(fields)s"), fields=changed_fields)
reason_pattern(
    r"changed by the resident: (?P<fields>.+)",
    _l("changed by the resident: %(fields)s"),
    fields=changed_fields,
)
