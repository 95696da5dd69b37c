"""The public transparency page (DESIGN §7): what it counts, where and when; never a person."""

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from matchmaker.core.events import transition
from matchmaker.core.types import utcnow
from matchmaker.extensions import db
from matchmaker.match.models import PairingStatus
from matchmaker.reports.services import Month, last_months, transparency
from tests.factories import CommunityFactory, DistrictFactory, StreetFactory, UserFactory
from tests.supervise.builders import NOW, TODAY, log_visit, make_pairing
from tests.wishes.conftest import make_wish


def _place(district_name: str, street_name: str, community_name: str):
    district = DistrictFactory(name=district_name)
    return CommunityFactory(
        street=StreetFactory(district=district, name=street_name), name=community_name
    )


def _city():
    """Help in two districts: 西湖区 has hours, a fulfilled wish and a pairing in place;
    拱墅区 has a pairing that ended ten days ago and a wish still waiting."""
    west = _place("西湖区", "北山街道", "西湖村社区")
    north = _place("拱墅区", "米市巷街道", "米市巷社区")
    worker = make_pairing(community=west, name="王秀英", phone="13612345678")
    checker = UserFactory(roles=["social_worker"], communities=[west])
    log_visit(worker, TODAY - timedelta(days=1), "09:00", "11:30", verified_by=checker)
    log_visit(worker, TODAY - timedelta(days=1), "14:00", "15:00")  # not verified: not counted
    make_wish("fulfilled", resident=worker.need.resident, cost_yuan=280)
    ended = make_pairing(community=north, activated=NOW - timedelta(days=100))
    transition(ended, PairingStatus.ENDED, by=None, why="居民搬家")
    ended.ended_at = NOW - timedelta(days=10)
    make_wish("published", resident=ended.need.resident)
    db.session.commit()
    return west, north, worker, ended


def test_last_months_run_up_to_this_one_across_a_new_year():
    months = last_months(date(2026, 2, 10), 4)
    assert [m.label for m in months] == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert Month(2025, 12).next() == Month(2026, 1)


def test_figures_count_fulfilled_wishes_verified_hours_and_pairings_in_place(db):
    west, north, worker, ended = _city()
    figures = transparency(district_id=None, months=12, now=utcnow())
    totals = figures.totals
    assert (totals.wishes_fulfilled, totals.wish_value_yuan) == (1, 280)
    assert totals.service_hours == 2.5  # the unverified hour is left out
    assert totals.pairings_in_place == 1  # the ended one is not in place today
    served = Month((TODAY - timedelta(days=1)).year, (TODAY - timedelta(days=1)).month)
    by_month = {row.label: row for row in figures.by_month}
    assert by_month[served.label].service_hours == 2.5
    assert sum(row.service_minutes for row in figures.by_month) == 150
    # A month-end before it ended counts the ended pairing too.
    day_of_end = (NOW - timedelta(days=10)).astimezone(ZoneInfo("Asia/Shanghai")).date()
    earlier = last_months(day_of_end, 2)[0]
    assert by_month[earlier.label].pairings_in_place == 2
    by_area = {row.label: row for row in figures.by_area}
    assert by_area["北山街道"].wishes_fulfilled == 1
    assert by_area["北山街道"].district == "西湖区"
    assert by_area["米市巷街道"].pairings_in_place == 0
    assert by_area["米市巷街道"].wishes_fulfilled == 0


def test_a_district_shows_only_its_own_figures(db):
    west, north, worker, ended = _city()
    figures = transparency(district_id=north.street.district_id, months=6, now=utcnow())
    assert figures.totals.wishes_fulfilled == 0
    assert figures.totals.service_minutes == 0
    assert [row.label for row in figures.by_area] == ["米市巷街道"]
    assert len(figures.by_month) == 6


def test_a_suspended_pairing_is_in_place_and_one_waiting_for_training_is_not(db):
    community = _place("西湖区", "北山街道", "西湖村社区")
    make_pairing(PairingStatus.SUSPENDED, community=community)
    make_pairing(PairingStatus.CONFIRMED, community=community)
    assert transparency(district_id=None, months=6, now=utcnow()).totals.pairings_in_place == 1


def test_the_public_page_shows_totals_and_no_person(client, db):
    west, north, worker, ended = _city()
    resident = worker.need.resident
    page = client.get("/transparency").get_data(as_text=True)
    assert "公开透明：我们的数据" in page
    assert "北山街道" in page and "米市巷街道" in page
    assert "价值 ¥280" in page
    for secret in (
        resident.name,
        resident.masked_name,
        resident.phone,
        resident.address,
        resident.id_number,
        worker.volunteer.user.name,
    ):
        assert secret not in page
    narrowed = client.get(f"/transparency?district={north.street.district_id}&months=24")
    assert narrowed.status_code == 200
    assert "北山街道" not in narrowed.get_data(as_text=True)


def test_a_bad_filter_gets_a_message_and_a_400(client, db):
    _place("西湖区", "北山街道", "西湖村社区")
    response = client.get("/transparency?district=99999999999999999999&months=7")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "请从列表中选择城区。" in text
    assert "请从列表中选择显示的月数。" in text
    assert "北山街道" in text  # the figures of every district are still shown


def test_the_footer_links_to_it_on_every_page(client, db):
    assert 'href="/transparency"' in client.get("/privacy").get_data(as_text=True)


def test_it_is_in_english_too(client, db):
    _city()
    client.set_cookie("mm_locale", "en")
    page = client.get("/transparency").get_data(as_text=True)
    assert "<h1>Transparency: our figures</h1>" in page
    assert "Hours of verified service per month" in page
    served = TODAY - timedelta(days=1)  # the verified visit
    assert f"The most in {served:%Y-%m}: 2.5 h." in page  # decimal hours, whatever the count


def test_a_visit_whose_change_waits_for_approval_still_counts_its_verified_hours(db):
    west, north, worker, ended = _city()
    from matchmaker.supervise.log_changes import request_change
    from matchmaker.supervise.logs import LogValues
    from matchmaker.supervise.models import ServiceLog

    verified = db.session.scalars(
        select(ServiceLog).where(ServiceLog.verified_at.is_not(None))
    ).one()
    values = LogValues(verified.service_date, time(9, 0), time(12, 0), verified.activity)
    request_change(verified, values, by=worker.volunteer.user, now=NOW)
    db.session.commit()
    totals = transparency(district_id=None, months=12, now=utcnow()).totals
    assert totals.service_hours == 2.5  # as verified, not 0 and not the 3 h proposed
