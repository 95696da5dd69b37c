"""The registry's demo data: residents over every community, needs in mixed states."""

from collections import Counter

from sqlalchemy import func, select

from matchmaker.accounts.places import Community
from matchmaker.core.events import history
from matchmaker.demo import DEMO_PASSWORD
from matchmaker.recruit.catalogue import Skill
from matchmaker.registry.models import DisabilityCategory, Need, NeedStatus, Resident
from matchmaker.registry.services import id_number_problem


def test_demo_residents_and_needs(db, demo):
    residents = db.session.scalars(select(Resident)).all()
    assert 100 <= len(residents) <= 140
    assert all(id_number_problem(r.id_number) is None for r in residents)
    assert all(r.id_number[6:10] == str(r.birth_year) for r in residents)
    phones = [r.phone for r in residents if r.phone]
    assert len(phones) == len(set(phones)) and all(len(p) == 11 for p in phones)
    communities = db.session.scalar(select(func.count(Community.id)))
    assert len({r.community_id for r in residents}) == communities
    assert len({r.disability_category for r in residents}) >= 5
    assert all("号" in r.address and "室" in r.address for r in residents)

    needs = db.session.scalars(select(Need)).all()
    by_status = Counter(n.status for n in needs)
    # most needs still to be met are open to match (closed ones: met, some long ago, or
    # withdrawn)
    waiting = [n for n in needs if n.status is not NeedStatus.CLOSED]
    assert by_status[NeedStatus.OPEN] > len(waiting) / 2
    for status in (NeedStatus.DRAFT, NeedStatus.SUBMITTED, NeedStatus.CLOSED):
        assert by_status[status] > 0
    assert all(1 <= len(r.needs) <= 3 for r in residents)
    assert all(history(n) for n in needs[:20]) and history(residents[0])
    closed = next(n for n in needs if n.status is NeedStatus.CLOSED)
    assert history(closed)[-1].reason

    if db.session.scalar(select(func.count(Skill.id))):
        hearing = [n for n in needs if n.resident.disability_category is DisabilityCategory.HEARING]
        assert all("手语" in {s.name for s in n.skills} for n in hearing)


def test_the_demo_resident_login_is_linked(client, auth, db, demo):
    record = db.session.scalar(select(Resident).where(Resident.user_id.is_not(None)))
    assert record.user.email == "resident@example.org"
    assert record.user.home_community == record.community
    assert any(n.status is NeedStatus.SUBMITTED for n in record.needs)
    auth.login("resident@example.org", DEMO_PASSWORD)
    assert 'name="notes"' in client.get("/needs/new").get_data(as_text=True)


def test_demo_registrants_wait_for_the_social_workers_of_their_community(client, auth, db, demo):
    client.set_cookie("mm_locale", "en")
    auth.login("sw.beishan@example.org", DEMO_PASSWORD)
    queue = client.get("/residents/accounts").get_data(as_text=True)
    assert "赵春梅" in queue and "曙光社区" in queue
    assert "钱国庆" not in queue  # 翠苑街道 is another social worker's
    assert "Resident accounts to link: 1" in client.get("/").get_data(as_text=True)
