"""Helpers shared by the registry's staff lists: paging, filters, the staff's communities."""

from flask import request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.permissions import community_ids_visible_to
from ..accounts.places import Community
from ..core.audit import audit
from ..core.audit_details import community_name, detail_pattern, filters_reader, searched
from ..core.histories import labelled
from ..core.i18n import current_locale
from ..core.listing import page_url  # noqa: F401 - the registry's views import it here
from ..core.listing import paginate as core_paginate
from ..core.types import id_in_range
from ..extensions import db
from .labels import (
    CATEGORY_LABELS,
    NEED_STATUS_LABELS,
    RESIDENT_STATUS_LABELS,
    SERVICE_LABELS,
    URGENCY_LABELS,
)

PAGE_SIZE = 25


def paginate(statement, page_size: int = PAGE_SIZE):
    """The registry's lists page by PAGE_SIZE (see core.listing.paginate)."""
    return core_paginate(statement, page_size)


def communities_in_scope(user) -> list[Community]:
    ids = community_ids_visible_to(user)
    statement = select(Community).order_by(Community.street_id, Community.id)
    if ids is not None:
        statement = statement.where(Community.id.in_(sorted(ids) or [-1]))
    return list(db.session.scalars(statement))


def int_arg(name: str) -> int | None:
    """A query-string id, or None when absent, not a number or out of any id's range."""
    return id_in_range(request.args.get(name, type=int))


def audit_list_view(user, action: str, filters: dict, page: int) -> None:
    """One audit entry per staff list shown: a page of residents' names, phones or needs is
    a view of those records (DESIGN §8). The detail names the filters and the page."""
    shown = " ".join(f"{key}={value}" for key, value in filters.items() if value)
    audit(user, action, detail=f"{shown} page={page}".strip())


def _skill_name(text: str) -> str:
    from ..recruit.catalogue import Skill  # recruit builds on the registry

    if not text.isdigit():
        raise ValueError(text)
    skill = db.session.get(Skill, int(text))
    return skill.label(current_locale()) if skill else f"#{text}"


def _list_filters(status_labels: dict):
    return filters_reader(
        {
            "q": (_l("Search"), searched),
            "community": (_l("Community"), community_name),
            "category": (_l("Disability category"), labelled(CATEGORY_LABELS)),
            "status": (_l("Status"), labelled(status_labels)),
            "service": (_l("Kind of help"), labelled(SERVICE_LABELS)),
            "urgency": (_l("Urgency"), labelled(URGENCY_LABELS)),
            "skill": (_l("Skill"), _skill_name),
        }
    )


for _action, _statuses in (
    ("view_resident_list", RESIDENT_STATUS_LABELS),
    ("view_need_list", NEED_STATUS_LABELS),
):
    detail_pattern(_action, r"page=(?P<page>\d+)", _l("page %(page)s, not filtered"))
    detail_pattern(
        _action,
        r"(?P<filters>.+) page=(?P<page>\d+)",
        _l("page %(page)s; %(filters)s"),
        filters=_list_filters(_statuses),
    )
