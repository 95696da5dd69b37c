"""Links each role sees on the home page; each domain registers its own when it lands."""

from collections.abc import Callable
from dataclasses import dataclass, replace

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from ..accounts.models import Role


@dataclass(frozen=True)
class RoleLink:
    endpoint: str
    label: object  # a lazy string
    description: object
    roles: tuple[Role, ...]
    #: user -> bool: offered only while this holds (a resident whose account is linked, say)
    when: Callable | None = None


_LINKS: list[RoleLink] = []


@dataclass(frozen=True)
class ReviewQueue:
    """A social worker's queue (DESIGN §12), counted on their home page."""

    endpoint: str
    label: object  # a lazy string with %(n)d
    counter: Callable  # user -> int
    roles: tuple[Role, ...]
    url_args: tuple[tuple[str, str], ...] = ()


_QUEUES: list[ReviewQueue] = []


def review_queue(endpoint: str, label, counter, *roles: Role, **url_args: str) -> None:
    """Count ``counter(user)`` items waiting at ``endpoint`` on the home page of ``roles``."""
    if not any(q.endpoint == endpoint and dict(q.url_args) == url_args for q in _QUEUES):
        _QUEUES.append(ReviewQueue(endpoint, label, counter, roles, tuple(url_args.items())))


def queues_for(user) -> list[tuple[str, str, int]]:
    """(address, label, count) of each queue ``user`` works on."""
    if not user.is_authenticated:
        return []
    limits = _limits(user)
    return [
        (url_for(q.endpoint, **dict(q.url_args)), q.label % {"n": n}, n)
        for q in _QUEUES
        if _offered(user, q.endpoint, q.roles, limits) and q.endpoint in current_app.view_functions
        for n in (q.counter(user),)
    ]


def role_link(endpoint: str, label, description, *roles: Role, when=None) -> None:
    """Offer ``endpoint`` on the home page of users holding any of ``roles``; an endpoint
    registered again for other roles tells them what it holds in their own words, and one
    registered again with another ``when`` (user -> bool) describes it in another state."""
    if not any(
        link.endpoint == endpoint and link.roles == roles and link.when is when for link in _LINKS
    ):
        _LINKS.append(RoleLink(endpoint, label, description, roles, when))


def links_for(user) -> list[RoleLink]:
    """The links ``user`` may follow, in registration order, skipping routes not yet built;
    each link's ``roles`` are narrowed to the roles of ``user`` it is offered under."""
    if not user.is_authenticated:
        return []
    limits = _limits(user)
    return [
        replace(link, roles=roles)
        for link in _LINKS
        if link.endpoint in current_app.view_functions
        for roles in (_offered(user, link.endpoint, link.roles, limits),)
        if roles and (link.when is None or link.when(user))
    ]


#: What each role will find on the site (DESIGN §2), shown beside their links.
ROLE_SUMMARIES = {
    Role.VOLUNTEER: _l(
        "Keep your skills and free times up to date, offer help on the needs board, see your "
        "pairings, log your visits, take training and collect your service hours."
    ),
    Role.DONOR: _l(
        "Claim and fulfil residents' micro-wishes, register what you can offer, and see "
        "your donation history."
    ),
    Role.RESIDENT: _l(
        "Ask for help, make a micro-wish, and see your volunteer's visits and rate each one."
    ),
    Role.SOCIAL_WORKER: _l(
        "Manage residents and needs in your communities, review volunteers, confirm pairings, "
        "run training, supervise visits and verify hours."
    ),
    Role.ADMIN: _l(
        "Manage users and roles, the skill and course catalogues, reports, exports and the "
        "audit log."
    ),
}


@dataclass(frozen=True)
class RoleState:
    """What a role's home section says, and offers, while ``when(user)`` holds: e.g. what
    happens next for a resident whose account waits to be linked to their record."""

    role: Role
    when: Callable
    summary: object  # a lazy string
    #: the only endpoints offered under the role meanwhile (home links, queues, site menu);
    #: None: all of them
    only: frozenset[str] | None = None
    #: included below the summary on the home page: what to do next
    template: str | None = None


_STATES: list[RoleState] = []


def role_summary(
    role: Role,
    summary,
    *,
    when: Callable,
    only: tuple[str, ...] | None = None,
    template: str | None = None,
) -> None:
    """Say ``summary`` on the home page of a ``role`` holder while ``when(user)`` holds, with
    ``template`` below it; with ``only``, offer them under that role just those endpoints (the
    pages that work for them in that state)."""
    if not any(s.role is role and s.when is when for s in _STATES):
        limit = None if only is None else frozenset(only)
        _STATES.append(RoleState(role, when, summary, limit, template))


def state_for(user, role: Role) -> RoleState | None:
    """The state ``user`` is in as a ``role`` holder, if one was registered and holds."""
    if not user.is_authenticated or not user.has_role(role):
        return None
    return next((s for s in _STATES if s.role is role and s.when(user)), None)


def _limits(user) -> dict[Role, frozenset[str]]:
    """role → the only endpoints offered under it, for the roles of ``user`` in a state
    that limits them."""
    limits = {}
    for role in {s.role for s in _STATES if s.only is not None}:
        state = state_for(user, role)
        if state is not None and state.only is not None:
            limits[role] = state.only
    return limits


def _offered(user, endpoint: str, roles, limits) -> tuple[Role, ...]:
    """Those of ``roles`` that ``user`` holds and is offered ``endpoint`` under."""
    return tuple(
        role
        for role in roles
        if user.has_role(role) and (role not in limits or endpoint in limits[role])
    )


ROLE_NAMES = {
    Role.VOLUNTEER: _l("Volunteer"),
    Role.DONOR: _l("Donor"),
    Role.RESIDENT: _l("Resident"),
    Role.SOCIAL_WORKER: _l("Social worker"),
    Role.ADMIN: _l("Administrator"),
}


#: Pages anyone may browse (DESIGN §2 visitor), in the site menu of a visitor.
PUBLIC_PAGES = (
    ("wishes.index", _l("Micro-wishes")),
    ("board.index", _l("Needs board")),
    ("offers.index", _l("Donors’ offers")),
    ("board.pool", _l("Volunteer pool")),
    ("train.courses", _l("Training courses")),
    ("reward.honour_roll", _l("Honour roll")),
    ("reports.transparency", _l("Transparency")),
)


#: pages the header links to anyway (not listed twice)
IN_THE_HEADER = {"notify.inbox"}


@dataclass(frozen=True)
class MenuGroup:
    """A heading of the site menu (a role's name, or none) and its (address, label) links."""

    heading: object
    links: list[tuple[str, object]]


def menu_for(user) -> list[MenuGroup]:
    """The site menu in every page's header: a signed-in user's links by role, as on their
    home page; a visitor's, the public pages."""
    if not user.is_authenticated:
        available = [
            (url_for(e), label) for e, label in PUBLIC_PAGES if e in current_app.view_functions
        ]
        return [MenuGroup(None, available)]
    links = [k for k in links_for(user) if k.endpoint not in IN_THE_HEADER]
    return [
        MenuGroup(
            ROLE_NAMES[role], [(url_for(k.endpoint), k.label) for k in links if role in k.roles]
        )
        for role in sorted(user.roles, key=lambda r: r.value)
        if any(role in k.roles for k in links)
    ]
