"""A resident whose request found a volunteer reads who is coming on /needs/mine, and reaches
their pairing (visits to rate) from there."""

import pytest

from matchmaker.match.models import PairingStatus
from tests.supervise.builders import make_pairing


@pytest.mark.parametrize("status", [PairingStatus.CONFIRMED, PairingStatus.ACTIVE])
def test_a_matched_request_names_the_volunteer_and_links_the_pairing(client, auth, status):
    pairing = make_pairing(status)
    auth.login(pairing.need.resident.user.email)
    page = client.get("/needs/mine").get_data(as_text=True)
    assert "已找到志愿者" in page and "您的志愿者：李志愿" in page
    assert f'href="/supervise/pairings/{pairing.id}">您的结对与上门服务' in page
    assert client.get(f"/supervise/pairings/{pairing.id}").status_code == 200
    client.set_cookie("mm_locale", "en")
    assert "Your volunteer: 李志愿" in client.get("/needs/mine").get_data(as_text=True)


def test_another_residents_pairing_is_not_shown(client, auth, db):
    mine, theirs = make_pairing(), make_pairing()
    theirs.volunteer.user.name = "张另一位"
    db.session.commit()
    auth.login(mine.need.resident.user.email)
    page = client.get("/needs/mine").get_data(as_text=True)
    assert "李志愿" in page and "张另一位" not in page
    assert f"/supervise/pairings/{theirs.id}" not in page
