"""Recording residents: the form's checks, what is saved and recorded, the list."""

import re

import pytest
from sqlalchemy import func, select

from matchmaker.core.events import history
from matchmaker.core.types import Gender
from matchmaker.registry.models import DisabilityCategory, Resident
from matchmaker.registry.services import id_number_problem
from tests.factories import (
    CommunityFactory,
    LanguageFactory,
    NeedFactory,
    ResidentFactory,
    UserFactory,
)
from tests.registry.conftest import resident_form, valid_id, wrong_check


def count_residents(db) -> int:
    return db.session.scalar(select(func.count(Resident.id)))


def test_id_number_checks():
    assert id_number_problem("11010519491231002X") is None  # the standard's own example
    assert id_number_problem(valid_id(5)) is None
    assert id_number_problem(wrong_check(valid_id(5))) == "checksum"
    assert id_number_problem("33010619620230001X") == "date"  # 30 February
    assert id_number_problem("3301061962031500") == "format"
    assert id_number_problem("33010619620315001Y") == "format"


def test_social_worker_records_a_resident(client, worker, community, db, post):
    sign_language = LanguageFactory(name="手语", name_en="Sign language")
    response = post(
        "/residents/new",
        resident_form(community, birth_year="", languages=[str(sign_language.id)]),
    )
    assert response.status_code == 302
    resident = db.session.scalar(select(Resident))
    assert response.headers["Location"] == f"/residents/{resident.id}"
    assert resident.name == "李明华"
    assert resident.gender is Gender.MALE
    assert resident.birth_year == 1962  # read from the ID number
    assert resident.id_number == valid_id()
    assert resident.disability_category is DisabilityCategory.VISUAL
    assert resident.disability_grade == 2
    assert resident.community_id == community.id
    assert resident.languages == [sign_language]
    assert resident.consented_at is not None
    [event] = history(resident)
    assert (event.from_state, event.to_state, event.actor_id) == (None, "active", worker.id)


def assert_refused(response, db, message: str | None = None):
    assert response.status_code == 422
    if message:
        assert message in response.get_data(as_text=True)
    assert count_residents(db) == 0


@pytest.fixture
def english(client):
    client.set_cookie("mm_locale", "en")


@pytest.mark.usefixtures("worker", "english")
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"id_number": wrong_check(valid_id())}, "its last character does not match"),
        ({"id_number": "12345"}, "17 digits, then a digit or X"),
        ({"name": "名" * 10_000}, "Use at most 50 characters."),
        ({"name": "  "}, "Enter the resident's name."),
        ({"birth_year": "nineteen"}, None),
        ({"birth_year": "1800"}, "Enter a year from 1900"),
        ({"birth_year": "2999"}, "Enter a year from 1900"),
        ({"birth_year": "1963"}, "The ID number says 1962; check both."),
        ({"disability_grade": "5"}, None),
        ({"disability_category": "tired"}, None),
        ({"phone": "call me"}, "Enter a phone number of digits"),
        ({"phone": "2026-02-30"}, "Enter a phone number of digits"),
        ({"guardian_phone": "99999999999999999999"}, "Enter a phone number of digits"),
        ({"consent": None}, "Record the resident's consent before saving."),
        ({"address": "路" * 201}, "Use at most 200 characters."),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(community, db, post, overrides, message):
    assert_refused(post("/residents/new", resident_form(community, **overrides)), db, message)


def test_a_community_outside_the_scope_is_refused(worker, db, post, english):
    elsewhere = CommunityFactory()
    response = post("/residents/new", resident_form(elsewhere))
    assert_refused(response, db, "Not a valid choice")
    assert elsewhere.name not in response.get_data(as_text=True)


def test_a_duplicate_id_number_elsewhere_says_only_whom_to_ask(
    worker, community, db, post, english
):
    """One person, one record: refused, but where the record is stays unsaid (DESIGN §8)."""
    elsewhere = CommunityFactory(name="远方社区")
    ResidentFactory(community=elsewhere, id_number=valid_id(), name="别处的人")
    response = post("/residents/new", resident_form(community))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert (
        "This ID number is already registered. Ask the federation (an administrator) about "
        "the record." in page
    )
    assert "远方社区" not in page and "别处的人" not in page
    assert count_residents(db) == 1


def test_a_duplicate_phone_elsewhere_says_only_whom_to_ask(worker, community, db, post, english):
    other = ResidentFactory(phone="13800001234")
    response = post("/residents/new", resident_form(community))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "This phone number is already registered. Ask the federation" in page
    assert other.community.name not in page and other.name not in page


def test_a_duplicate_in_their_own_community_links_to_the_record(
    worker, community, db, post, english
):
    mine = ResidentFactory(community=community, id_number=valid_id(), name="本社区的人")
    response = post("/residents/new", resident_form(community))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "This ID number is already registered, in the record of 本社区的人." in page
    assert f'href="/residents/{mine.id}"' in page
    assert count_residents(db) == 1


def test_an_administrator_is_linked_to_a_duplicate_anywhere(login_as, db, post, english):
    login_as("admin")
    anywhere = ResidentFactory(community=CommunityFactory(), phone="13800001234", name="某人")
    response = post("/residents/new", resident_form(CommunityFactory()))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "This phone number is already registered, in the record of 某人." in page
    assert f'href="/residents/{anywhere.id}"' in page


def test_editing_keeps_the_hidden_id_and_records_the_change(client, worker, community, db, post):
    number = valid_id(9)
    resident = ResidentFactory(community=community, id_number=number)
    page = client.get(f"/residents/{resident.id}/edit").get_data(as_text=True)
    assert number not in page
    assert resident.masked_id_number in page
    data = resident_form(community, id_number="", phone="13700000000", name=resident.name)
    response = post(f"/residents/{resident.id}/edit", data)
    assert response.status_code == 302
    db.session.expire_all()
    assert resident.id_number == number  # kept
    assert resident.phone == "13700000000"
    last = history(resident)[-1]
    assert (last.from_state, last.to_state, last.actor_id) == ("active", "active", worker.id)
    assert "phone" in last.reason


def test_the_list_searches_filters_and_pages(client, worker, community, db, english):
    other = CommunityFactory()
    worker.communities = [community, other]
    db.session.commit()
    for n in range(30):
        ResidentFactory(community=community, name=f"张{n:02d}", phone=f"1350000{n:04d}")
    ResidentFactory(community=other, name="赵听力", disability_category=DisabilityCategory.HEARING)

    first = client.get("/residents").get_data(as_text=True)
    assert "31 residents found." in first
    assert len(re.findall(r'href="/residents/\d+"', first)) == 25
    second = client.get("/residents?page=2").get_data(as_text=True)
    assert "Page 2 of 2" in second
    for bad in ("abc", "-3", "0", "99999999999999999999999"):
        assert client.get(f"/residents?page={bad}").status_code == 200

    assert "1 resident found." in client.get("/residents?q=赵").get_data(as_text=True)
    assert "张07" in client.get("/residents?q=13500000007").get_data(as_text=True)
    by_category = client.get("/residents?category=hearing").get_data(as_text=True)
    assert "赵听力" in by_category and "张01" not in by_category
    by_community = client.get(f"/residents?community={other.id}").get_data(as_text=True)
    assert "1 resident found." in by_community
    assert "0 residents found." in client.get("/residents?status=inactive").get_data(as_text=True)
    client.set_cookie("mm_locale", "zh_CN")
    assert "共找到 1 名服务对象。" in client.get("/residents?q=赵").get_data(as_text=True)


def test_nul_characters_never_reach_the_database(client, worker, community, db, post):
    assert client.get("/residents?q=%00李").status_code == 200
    response = post("/residents/new", resident_form(community, name="李\x00明华"))
    assert response.status_code == 302
    assert db.session.scalar(select(Resident.name)) == "李明华"


def test_staff_home_page_links_to_the_registry_and_counts_its_queues(client, worker, community):
    NeedFactory(resident=ResidentFactory(community=community), submitted=True)
    NeedFactory(submitted=True)  # another community's: not counted
    UserFactory(roles=["resident"])
    client.set_cookie("mm_locale", "en")
    body = client.get("/").get_data(as_text=True)
    for href in ('href="/residents"', 'href="/needs"', 'href="/residents/accounts"'):
        assert href in body
    assert "Residents&#39; requests to review: 1" in body
    assert 'href="/needs?status=submitted"' in body
    assert "Resident accounts to link: 1" in body
