import pytest

from matchmaker.offers import services
from matchmaker.offers.models import GoodsCondition, OfferKind
from matchmaker.wishes.models import WishCategory
from tests.factories import CommunityFactory, ResidentFactory, StreetFactory, UserFactory
from tests.wishes.conftest import make_wish


def make_offer(donor=None, *, approve_by=None, quantity=3, **fields):
    """A goods offer (assistive devices), approved when ``approve_by`` is given."""
    from matchmaker.extensions import db

    donor = donor or UserFactory(roles=["donor"])
    values = {
        "kind": OfferKind.GOODS,
        "title": "轮椅减压坐垫",
        "category": WishCategory.ASSISTIVE.value,
        "condition": GoodsCondition.NEW,
    }
    values.update(fields)
    offer = services.register_offer(donor, quantity=quantity, **values)
    if approve_by is not None:
        services.approve_offer(offer, by=approve_by)
    db.session.commit()
    return offer


@pytest.fixture
def place(db):
    """A street with a community, its social worker, and a published assistive wish there."""
    street = StreetFactory(name="北山街道")
    community = CommunityFactory(street=street, name="文三社区")
    worker = UserFactory(roles=["social_worker"], communities=[community], name="陈社工")
    resident = ResidentFactory(community=community, name="王秀英")
    wish = make_wish("published", resident=resident, worker=worker)
    return {"street": street, "community": community, "worker": worker, "wish": wish}
