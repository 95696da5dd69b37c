from flask_login import AnonymousUserMixin

from matchmaker.accounts.permissions import community_ids_visible_to, is_staff
from tests.factories import CommunityFactory, UserFactory


def test_staff_scope_by_role(db):
    mine, _other = CommunityFactory(), CommunityFactory()
    worker = UserFactory(roles=["social_worker"], communities=[mine])
    admin = UserFactory(roles=["admin"])
    volunteer = UserFactory(roles=["volunteer"])
    assert community_ids_visible_to(worker) == {mine.id}
    assert community_ids_visible_to(admin) is None  # all
    assert community_ids_visible_to(volunteer) == set()
    assert is_staff(worker) and is_staff(admin) and not is_staff(volunteer)
    visitor = AnonymousUserMixin()
    assert community_ids_visible_to(visitor) == set() and not is_staff(visitor)
