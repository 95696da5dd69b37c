"""The proposals page as a social worker with many open cases reads it: in the order they
chose, for one of their communities if they choose, ten needs a page. Every decision sends
the list's state along (match.views reads it from the address), so the page comes back as
they left it.

The database chooses the page's needs (match.waiting: the order, the counts, the page);
only their proposals are loaded. What is left here is plain arithmetic on those answers."""

from dataclasses import dataclass, field

from ..accounts.models import User
from ..accounts.places import Community
from ..registry.models import Need
from . import waiting
from .models import Proposal

#: needs (each with up to three proposals and their forms) a page
PAGE_SIZE = 10


@dataclass
class ProposalList:
    groups: list[tuple[Need, list[Proposal]]]
    total: int
    page: int
    last_page: int
    #: the communities with proposals waiting, and how many needs each has, for the filter
    communities: list[tuple[Community, int]]
    #: what the address carries: order, community, page (defaults left out)
    args: dict = field(default_factory=dict)


def place(args: dict, counts: dict[int, int]) -> tuple[int | None, int, int, int]:
    """The community shown (None: all), how many needs it has, the page and the last page,
    from ``counts`` (community id → needs waiting); ``args`` is corrected to match: an
    unknown community shows them all and a page past the end the last one (a decision may
    have emptied it)."""
    community_id = args.get("community")
    if community_id not in counts:
        args.pop("community", None)
        community_id, total = None, sum(counts.values())
    else:
        total = counts[community_id]
    last_page = max(1, -(-total // PAGE_SIZE))
    page = min(args.get("page", 1), last_page)
    if page > 1:
        args["page"] = page
    else:
        args.pop("page", None)
    return community_id, total, page, last_page


def proposal_list(user: User, args: dict) -> ProposalList:
    """The page of waiting proposals ``args`` asks for (see ``place``)."""
    communities = waiting.waiting_by_community(user)
    community_id, total, page, last_page = place(args, {c.id: n for c, n in communities})
    need_ids = waiting.waiting_needs(
        user,
        sort=args["sort"],
        community_id=community_id,
        page=((page - 1) * PAGE_SIZE, PAGE_SIZE),
    )
    groups = waiting.waiting_proposals_of(need_ids)
    return ProposalList(groups, total, page, last_page, communities, args)


def page_holding(user: User, args: dict, need_id: int | None) -> dict:
    """``args`` turned to the page that holds need ``need_id`` (the one after a confirmed
    need: decisions move the needs before it); as they were if it has nothing waiting."""
    if need_id is None:
        return args
    at = waiting.waiting_position(
        user, need_id, sort=args["sort"], community_id=args.get("community")
    )
    if at is None:
        return args
    args = {key: value for key, value in args.items() if key != "page"}
    if at >= PAGE_SIZE:
        args["page"] = at // PAGE_SIZE + 1
    return args
