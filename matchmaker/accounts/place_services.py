"""Keeping the place list: districts, streets and communities with their centre points."""

from sqlalchemy import select

from ..core.audit import audit
from ..core.pii import find_home_address
from ..extensions import db
from ..registry.models import Resident
from .permissions import community_ids_visible_to
from .places import Community, District, Street

#: Mainland China's extent, to catch a latitude and longitude typed the wrong way round.
LAT_RANGE = (3.0, 54.0)
LON_RANGE = (73.0, 136.0)


class PlaceNameTaken(Exception):
    """A place of that name already exists under the same parent."""


class ResidentHome(Exception):
    """The handover place typed is the home address of a resident of the street."""


def check_handover_place(street: Street | None, place: str) -> None:
    """Refuse a handover place that is a resident's home: every donor with a claim in the
    street reads it (DESIGN §8). Each resident of the street's communities counts, active or
    not; spaces and full-width digits count for nothing, as in a wish's story.

    :raises ResidentHome: naming nobody (the admin need not learn whose address it is).
    """
    if street is None or street.id is None or not place:
        return
    addresses = db.session.scalars(
        select(Resident.address)
        .join(Community, Resident.community_id == Community.id)
        .where(Community.street_id == street.id, Resident.address != "")
    )
    if find_home_address(place, addresses):
        raise ResidentHome


def add_district(name: str, *, by) -> District:
    name = name.strip()
    if db.session.scalar(select(District.id).where(District.name == name)):
        raise PlaceNameTaken(name)
    district = District(name=name)
    db.session.add(district)
    db.session.flush()
    audit(by, "add_place", district, detail=name)
    return district


def save_street(
    street: Street | None,
    *,
    district: District,
    name: str,
    by,
    handover_place: str = "",
    handover_phone: str = "",
) -> Street:
    """Add a street to ``district`` (``street`` None) or change one's name or district, or
    where donors hand over gifts there.

    :raises PlaceNameTaken: if the district has another street of that name.
    :raises ResidentHome: if ``handover_place`` is a resident's home (``check_handover_place``).
    """
    check_handover_place(street, handover_place)
    name = name.strip()
    clash = db.session.scalar(
        select(Street.id).where(Street.district_id == district.id, Street.name == name)
    )
    if clash and (street is None or clash != street.id):
        raise PlaceNameTaken(name)
    action = "save_place"
    if street is None:
        street, action = Street(), "add_place"
        db.session.add(street)
    street.district, street.name = district, name
    street.handover_place, street.handover_phone = handover_place, handover_phone
    db.session.flush()
    audit(by, action, street, detail=name)
    return street


def save_community(
    community: Community | None, *, street: Street, name: str, lat: float, lon: float, by
) -> Community:
    """Create a community (``community`` None) or change one's name, street or centre."""
    name = name.strip()
    clash = db.session.scalar(
        select(Community.id).where(Community.street_id == street.id, Community.name == name)
    )
    if clash and (community is None or clash != community.id):
        raise PlaceNameTaken(name)
    action = "save_place"
    if community is None:
        community, action = Community(), "add_place"
        db.session.add(community)
    community.street, community.name, community.lat, community.lon = street, name, lat, lon
    db.session.flush()
    audit(by, action, community, detail=f"{name} {lat:.5f},{lon:.5f}")
    return community


def save_handover(street: Street, *, place: str, phone: str, by) -> None:
    """Where donors hand over gifts in ``street`` (its social workers may keep it too).

    :raises ResidentHome: if ``place`` is a resident's home (``check_handover_place``).
    """
    check_handover_place(street, place)
    street.handover_place, street.handover_phone = place, phone
    db.session.flush()
    audit(by, "save_place", street, detail=f"{street.name}: {place} {phone}".strip())


def streets_of(user) -> list[Street]:
    """The streets whose handover place ``user`` keeps: an admin every street, a social
    worker the streets of their communities."""
    ids = community_ids_visible_to(user)
    statement = select(Street).order_by(Street.district_id, Street.id)
    if ids is not None:
        statement = statement.where(
            Street.id.in_(select(Community.street_id).where(Community.id.in_(sorted(ids))))
        )
    return list(db.session.scalars(statement))


def all_streets() -> list[Street]:
    return list(db.session.scalars(select(Street).order_by(Street.district_id, Street.id)))


def all_districts() -> list[District]:
    return list(db.session.scalars(select(District).order_by(District.id)))
