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


class Phrasebook:
    """Texts the system stores in English, read back in the reader's language: fixed texts,
    and patterns whose parts are translated too. Any other text (one a person typed) reads
    as it was stored."""

    def __init__(self) -> None:
        self._fixed: dict[str, object] = {}
        self._patterns: dict[str, tuple[re.Pattern, object, dict[str, Callable]]] = {}

    def known(self, text: str, message) -> None:
        """Show the stored ``text`` as ``message`` (a lazy string)."""
        self._fixed[text] = message

    def pattern(self, pattern: str, message, **parts: Callable[[str], object]) -> None:
        """Show a stored text matching ``pattern`` (whole) as ``message`` % its named groups.

        :param message: a lazy string; or, where a group is a count, a function of the groups'
            texts giving the text, so that English reads right for 1 and for many
            (``lambda parts: ngettext("%(num)d row", "%(num)d rows", int(parts["n"]))``).
        :param parts: group name → a function giving that group's text in the reader's
            language (a group without one is shown as stored); it raises ValueError for a
            text the system does not write, and the whole text is then shown as stored.
        """
        self._patterns[pattern] = (re.compile(pattern), message, parts)

    def read(self, text: str | None) -> str:
        """The text in the reader's language if the system wrote it, else as stored."""
        if not text:
            return ""
        if text in self._fixed:
            return str(self._fixed[text])
        for regex, message, parts in self._patterns.values():
            found = regex.fullmatch(text)
            if not found:
                continue
            try:
                values = {
                    name: str(parts[name](value) if name in parts else value)
                    for name, value in found.groupdict().items()
                }
            except ValueError:  # a part not as the system writes it: someone typed this
                continue
            return message(values) if callable(message) else str(message) % values
        return text


#: the reasons of recorded events
REASONS = Phrasebook()
known_reason = REASONS.known
reason_pattern = REASONS.pattern
event_reason = REASONS.read


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
