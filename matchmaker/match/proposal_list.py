"""The proposals page as a social worker with many open cases reads it: in the order they
chose, for one of their communities if they choose, ten needs a page. Every decision sends
the list's state along (match.views reads it from the address), so the page comes back as
they left it."""

from dataclasses import dataclass, field

from ..accounts.models import User
from ..accounts.places import Community
from ..registry.models import Need
from .models import Proposal
from .services import proposals_for

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


def proposal_list(user: User, args: dict) -> ProposalList:
    """The page of waiting proposals ``args`` asks for; an unknown community shows them all
    and a page past the end the last one (a decision may have emptied it)."""
    groups = proposals_for(user, sort=args["sort"])
    counts: dict[int, tuple[Community, int]] = {}
    for need, _proposals in groups:
        community = need.resident.community
        counts[community.id] = (community, counts.get(community.id, (community, 0))[1] + 1)
    community_id = args.get("community")
    if community_id not in counts:
        args.pop("community", None)
    else:
        groups = [g for g in groups if g[0].resident.community_id == community_id]
    last_page = max(1, -(-len(groups) // PAGE_SIZE))
    page = min(args.get("page", 1), last_page)
    if page > 1:
        args["page"] = page
    else:
        args.pop("page", None)
    shown = groups[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    communities = sorted(counts.values(), key=lambda item: item[0].name)
    return ProposalList(shown, len(groups), page, last_page, communities, args)
