"""From a resident's page or a need's page, staff reach its pairings in one step."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from matchmaker.core.types import utcnow
from matchmaker.extensions import db
from matchmaker.match.models import Pairing, PairingStatus
from matchmaker.registry.models import NeedStatus, ResidentStatus, ServiceType
from tests.factories import NeedFactory, ResidentFactory, VolunteerFactory

LINK = re.compile(r'href="/supervise/pairings/(\d+)"')


def pair(need, status: PairingStatus, name: str, days_ago: int) -> Pairing:
    volunteer = VolunteerFactory(approved=True, user__name=name)
    pairing = Pairing(
        need_id=need.id,
        volunteer_id=volunteer.id,
        status=status,
        confirmed_at=utcnow() - timedelta(days=days_ago),
    )
    db.session.add(pairing)
    db.session.commit()
    return pairing


def page(client, url: str) -> str:
    client.set_cookie("mm_locale", "en")
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_need_links_to_its_pairings_newest_first(client, worker, community):
    need = NeedFactory(resident=ResidentFactory(community=community), status=NeedStatus.MATCHED)
    ended = pair(need, PairingStatus.ENDED, "赵前任", 60)
    active = pair(need, PairingStatus.ACTIVE, "李志愿", 5)
    body = page(client, f"/needs/{need.id}")
    assert [int(i) for i in LINK.findall(body)] == [active.id, ended.id]
    assert "Pairing with 李志愿</a>\n            — In progress" in body
    assert "Pairing with 赵前任</a>\n            — Ended" in body
    assert '<h2 id="pairing-heading">Pairings</h2>' in body


def test_a_need_without_a_pairing_has_no_pairing_section(client, worker, community):
    need = NeedFactory(resident=ResidentFactory(community=community), open=True)
    body = page(client, f"/needs/{need.id}")
    assert "pairing-heading" not in body and LINK.findall(body) == []


def test_an_active_residents_page_lists_the_pairings_of_every_need(client, worker, community):
    resident = ResidentFactory(community=community)
    meals = NeedFactory(resident=resident, service_type=ServiceType.ERRANDS)
    company = NeedFactory(resident=resident, service_type=ServiceType.HOME_VISIT)
    old = pair(meals, PairingStatus.ENDED, "赵前任", 60)
    current = pair(company, PairingStatus.SUSPENDED, "李志愿", 5)
    pair(
        NeedFactory(resident=ResidentFactory(community=community)), PairingStatus.ACTIVE, "别人", 1
    )
    body = page(client, f"/residents/{resident.id}")
    section = body.split('id="pairings-heading"')[1].split("</section>")[0]
    assert [int(i) for i in LINK.findall(body)] == [current.id, old.id]  # another's: not here
    assert "Pairing with 李志愿" in section and "Suspended" in section
    assert "Pairing with 赵前任" in section and "Ended" in section
    shanghai = current.confirmed_at.astimezone(ZoneInfo("Asia/Shanghai"))  # as the page shows it
    assert shanghai.strftime("%Y-%m-%d") in section


def test_a_resident_without_pairings_says_so(client, worker, community):
    resident = ResidentFactory(community=community)
    body = page(client, f"/residents/{resident.id}")
    assert "No pairings yet." in body.split('id="pairings-heading"')[1]


def test_an_inactive_residents_open_pairings_are_listed_once(client, worker, community):
    resident = ResidentFactory(community=community)
    need = NeedFactory(resident=resident, status=NeedStatus.MATCHED)
    ended = pair(need, PairingStatus.ENDED, "赵前任", 60)
    active = pair(need, PairingStatus.ACTIVE, "李志愿", 5)
    resident.status = ResidentStatus.INACTIVE
    db.session.commit()
    body = page(client, f"/residents/{resident.id}")
    assert sorted(int(i) for i in LINK.findall(body)) == sorted([ended.id, active.id])
    assert "End the pairing with 李志愿" in body  # as before, with the way to end it
    assert "Pairings still to be ended are listed below." in body
    assert "No pairings yet." not in body


def test_other_communities_pairings_stay_out_of_reach(client, worker, other_worker):
    need = NeedFactory(resident=ResidentFactory(community=other_worker.communities[0]))
    pair(need, PairingStatus.ACTIVE, "李志愿", 5)
    assert client.get(f"/needs/{need.id}").status_code == 404
    assert client.get(f"/residents/{need.resident.id}").status_code == 404
