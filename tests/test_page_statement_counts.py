"""List pages send as many SQL statements for 23 rows as for 3: a count that grows with the
rows is a page reloading them one by one (an N+1), e.g. because the view committed its audit
entry before rendering, which expires every row the template then reads."""

from itertools import cycle

from tests.factories import (
    CommunityFactory,
    NeedFactory,
    ResidentFactory,
    UserFactory,
)
from tests.queries import statements_for
from tests.supervise.builders import make_pairing
from tests.wishes.conftest import make_wish

#: what a page may add for 20 more rows: nothing a row, at most a statement or two in all
SLACK = 2


def assert_does_not_grow(client, path: str, add_rows, *, shown=None) -> None:
    """Count ``path``'s statements with the rows there are, add 20 rows, count again."""
    statements_for(client, path)  # warm up: anything the app reads once per process
    few = statements_for(client, path)
    added = [add_rows() for _ in range(20)]
    many = statements_for(client, path)
    if shown is not None:  # the 20 rows are on the page, so the count saw them read
        page = client.get(path).get_data(as_text=True)
        missing = [text for text in map(shown, added) if text not in page]
        assert not missing, missing
    assert many <= few + SLACK, f"{path}: {few} statements with 3 rows, {many} with 23"


def test_the_need_list(client, login_as):
    community = CommunityFactory()
    login_as("social_worker", communities=[community])

    def need():
        return NeedFactory(resident=ResidentFactory(community=community))

    for _ in range(3):
        need()
    assert_does_not_grow(client, "/needs", need, shown=lambda n: f"/needs/{n.id}")


def test_the_resident_list(client, login_as):
    community = CommunityFactory()
    login_as("social_worker", communities=[community])

    def resident():
        return ResidentFactory(community=community)

    for _ in range(3):
        resident()
    assert_does_not_grow(client, "/residents", resident, shown=lambda r: f"/residents/{r.id}")


def test_the_staff_pairing_list(client, login_as):
    community = CommunityFactory()
    login_as("social_worker", communities=[community])

    def pairing():
        return make_pairing(community=community)

    for _ in range(3):
        pairing()
    path = "/supervise/pairings"
    assert_does_not_grow(client, path, pairing, shown=lambda p: f"{path}/{p.id}")


def test_the_admin_user_list(client, login_as):
    login_as("admin")
    roles = cycle(["resident", "donor", "volunteer", "social_worker"])

    def user():
        return UserFactory(roles=[next(roles)])

    for _ in range(2):  # the admin is the third
        user()
    assert_does_not_grow(client, "/admin/users", user, shown=lambda u: f"/admin/users/{u.id}")


def test_the_wish_review_page(client, login_as):
    community = CommunityFactory()
    worker = login_as("social_worker", communities=[community])
    states = cycle(["submitted", "published", "delivered"])  # each of its three lists

    def wish():
        return make_wish(next(states), resident=ResidentFactory(community=community), worker=worker)

    for _ in range(3):
        wish()
    assert_does_not_grow(client, "/wishes/review", wish, shown=lambda w: f"/wishes/{w.id}/manage")


def test_a_donors_wishes(client, login_as):
    donor = login_as("donor")
    states = cycle(["claimed", "delivered", "fulfilled"])

    def claimed():  # each for a resident of another community and street
        return make_wish(next(states), donor=donor)

    for _ in range(3):
        claimed()
    assert_does_not_grow(client, "/wishes/mine", claimed, shown=lambda w: f"/wishes/{w.id}")


def test_a_residents_wishes(client, login_as):
    user = login_as("resident")
    resident = ResidentFactory(user_id=user.id)
    states = cycle(["published", "claimed", "fulfilled"])

    def own():
        return make_wish(next(states), resident=resident, title=f"心愿{next(numbers)}")

    numbers = iter(range(100))
    for _ in range(3):
        own()
    assert_does_not_grow(client, "/wishes/mine", own, shown=lambda w: f'id="wish-{w.id}"')


def test_the_accounts_waiting_to_be_linked(client, login_as):
    community = CommunityFactory()
    login_as("social_worker", communities=[community])

    def registrant():
        return UserFactory(roles=["resident"], home_community=community)

    for _ in range(3):
        registrant()
    path = "/residents/accounts"
    assert_does_not_grow(client, path, registrant, shown=lambda u: f"{path}/{u.id}")
