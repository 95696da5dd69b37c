"""The volunteer roster: every row checked, then all rows saved or none (DESIGN §3.1)."""

import pytest
from sqlalchemy import func, select

from matchmaker.accounts.models import Role, User
from matchmaker.core import availability as av
from matchmaker.core.events import history
from matchmaker.core.models import AuditEntry, Event
from matchmaker.core.rosters import RosterHasProblems, check_roster, import_roster
from matchmaker.core.types import Gender
from matchmaker.extensions import db
from matchmaker.recruit.models import BackgroundCheck, Volunteer, VolunteerStatus
from matchmaker.recruit.roster import VOLUNTEER_ROSTER
from tests.factories import UserFactory
from tests.roster.conftest import VOLUNTEER_HEADERS, csv_bytes, xlsx_bytes

FULL = [
    "赵志愿",
    "13812345678",
    "女",
    "西湖街道翠苑一社区",
    "手语、陪同出行",
    8,
    "周二上午、周四下午",
    "普通话,手语",
    2,
    "通过",
    "1990/5/1",
    30.28,
    120.13,
]
MINIMAL = ["李四", 13900001111.0, None, "西湖街道文新社区", "居家探访"]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def check(rows, *, by=None, headers=VOLUNTEER_HEADERS, name="名单.xlsx"):
    return check_roster(VOLUNTEER_ROSTER, xlsx_bytes(headers, rows), name, by=by)


def problems(result) -> list[tuple[int, str]]:
    return [(p.row, p.column) for p in result.problems]


def test_good_rows_become_approved_volunteers_with_passwordless_accounts(places, catalogue):
    staff = UserFactory(roles=["admin"])
    result = check([FULL, MINIMAL], by=staff)
    assert result.problems == []

    assert import_roster(VOLUNTEER_ROSTER, result, by=staff) == 2
    db.session.commit()

    zhang = db.session.scalar(select(Volunteer).join(User).where(User.phone == "13812345678"))
    assert zhang.user.name == "赵志愿"
    assert zhang.user.password_hash is None
    assert zhang.user.roles == {Role.VOLUNTEER}
    assert zhang.status is VolunteerStatus.APPROVED
    assert zhang.community == places.cuiyuan
    assert [s.name for s in zhang.skills] == ["手语", "陪同出行"]
    assert zhang.availability == av.mask_from_slots([av.slot_index(1, 0), av.slot_index(3, 1)])
    assert {lang.name for lang in zhang.languages} == {"普通话", "手语"}
    assert (zhang.gender, zhang.radius_km, zhang.capacity) == (Gender.FEMALE, 8, 2)
    assert zhang.background_check is BackgroundCheck.PASSED
    assert (zhang.lat, zhang.lon) == (30.28, 120.13)
    assert zhang.privacy_consented_at is None  # they consent when they activate

    li = db.session.scalar(select(Volunteer).join(User).where(User.phone == "13900001111"))
    assert li.community == places.wenxin
    assert (li.radius_km, li.capacity, li.availability, li.gender) == (5.0, 1, 0, None)
    assert li.background_check is BackgroundCheck.NOT_STARTED
    assert li.location == (places.wenxin.lat, places.wenxin.lon)

    for volunteer in (zhang, li):
        (event,) = history(volunteer)
        assert (event.from_state, event.to_state) == (None, "approved")
        assert event.actor_id == staff.id
        assert event.reason == "imported from 名单.xlsx"
        assert [e.to_state for e in history(volunteer.user)] == ["active"]
    (entry,) = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "import_volunteers")
    )
    assert (entry.actor_id, entry.detail) == (staff.id, "名单.xlsx: 2 rows")


@pytest.mark.parametrize("birth", ["0001-01-01", "9999-12-31", "1990-02-30"])
def test_a_birth_date_outside_the_calendar_of_people_is_reported(places, catalogue, birth):
    row = [*FULL[:10], birth, *FULL[11:]]
    result = check([row])
    assert problems(result) == [(2, "出生日期")]
    assert birth in str(result.problems[0].message)


def test_each_problem_is_reported_by_row_and_column_and_nothing_is_saved(places, catalogue):
    existing_users, existing_events = count(User), count(Event)
    rows = [
        FULL,
        [None, "12345", "男", "文新社区", "手语"],
        ["王五", "13700000000", "未知", "火星社区", "飞行、手语"],
        [
            "赵六",
            "13600000000",
            "女",
            "文新社区",
            "手语",
            500,
            "周八上午",
            "克林贡语",
            0.5,
            "也许",
            "1990-02-30",
            30.2,
        ],
        MINIMAL,
    ]
    result = check(rows)

    assert problems(result) == [
        (3, "姓名"),
        (3, "手机号"),
        (4, "性别"),
        (4, "社区"),
        (4, "技能"),
        (5, "服务半径(公里)"),
        (5, "可服务时间"),
        (5, "语言"),
        (5, "可结对人数"),
        (5, "背景审查"),
        (5, "出生日期"),
        (5, "经度"),
    ]
    messages = {(p.row, p.column): str(p.message) for p in result.problems}
    assert messages[(3, "姓名")] == "This column must be filled in."
    assert "12345 is not an 11-digit mobile number" in messages[(3, "手机号")]
    assert "火星社区" in messages[(4, "社区")]
    assert "飞行" in messages[(4, "技能")] and "手语" not in messages[(4, "技能")]
    assert "周八上午" in messages[(5, "可服务时间")]
    assert "克林贡语" in messages[(5, "语言")]
    assert "1990-02-30" in messages[(5, "出生日期")]
    assert "通过、未通过、未开始" in messages[(5, "背景审查")]

    with pytest.raises(RosterHasProblems):
        import_roster(VOLUNTEER_ROSTER, result, by=None)
    db.session.commit()
    assert (count(User), count(Volunteer), count(Event)) == (existing_users, 0, existing_events)


def test_duplicate_phones_within_the_file_and_against_accounts(places, catalogue):
    UserFactory(phone="13700000000")
    rows = [
        ["甲", "13812345678", None, "文新社区", "手语"],
        ["乙", "138 1234 5678", None, "文新社区", "手语"],
        ["丙", "+86 137-0000-0000", None, "文新社区", "手语"],
    ]
    result = check(rows)

    assert problems(result) == [(3, "手机号"), (4, "手机号")]
    assert str(result.problems[0].message) == "13812345678 is also on row 2."
    assert "13700000000" in str(result.problems[1].message)
    assert "already" in str(result.problems[1].message)


def test_wrong_columns_are_one_problem_naming_the_columns_expected(places, catalogue):
    headers = ["姓名", "手机号", "社区", "备注"]
    result = check([["甲", "13812345678", "文新社区", "x"]], headers=headers)

    (problem,) = result.problems
    assert problem.row == 1
    message = str(problem.message)
    assert "Missing: 技能" in message
    assert "Not recognised or repeated: 备注" in message
    assert "姓名*、手机号*、性别、社区*、技能*" in message
    assert result.rows == []


def test_optional_columns_may_be_left_out_and_reordered(places, catalogue):
    headers = ["技能*", "社区*", "姓名", " 手机号 "]
    result = check([["手语", "文新社区", "甲", "13812345678"]], headers=headers)
    assert result.problems == []
    assert result.rows[0]["name"] == "甲"


@pytest.mark.parametrize(
    "written, found",
    [
        ("文新社区", "wenxin"),
        ("西湖街道文新社区", "wenxin"),
        ("西湖街道 + 翠苑一社区", "cuiyuan"),
        ("北山街道翠苑一社区", "cuiyuan_north"),
    ],
)
def test_a_community_by_its_name_or_street_and_name(places, catalogue, written, found):
    result = check([["甲", "13812345678", None, written, "手语"]])
    assert result.problems == []
    assert result.rows[0]["community"] == getattr(places, found)


def test_a_name_two_streets_share_needs_the_street(places, catalogue):
    result = check([["甲", "13812345678", None, "翠苑一社区", "手语"]])
    assert problems(result) == [(2, "社区")]
    assert "Several communities" in str(result.problems[0].message)


def test_a_social_worker_imports_only_into_their_communities(places, catalogue):
    worker = UserFactory(roles=["social_worker"], communities=[places.cuiyuan])
    rows = [
        ["甲", "13812345678", None, "翠苑一社区", "手语"],  # bare name: theirs, not 北山's
        ["乙", "13812345679", None, "宝石社区", "手语"],
    ]
    result = check(rows, by=worker)

    assert problems(result) == [(3, "社区")]
    assert "You do not look after the community 宝石社区" in str(result.problems[0].message)
    assert result.rows[0]["community"] == places.cuiyuan


def test_a_gbk_csv_imports_with_chinese_intact(places, catalogue):
    data = csv_bytes(VOLUNTEER_HEADERS[:5], [["欧阳娜娜", "13812345678", "女", "文新社区", "手语"]])
    result = check_roster(VOLUNTEER_ROSTER, data, "名单.csv", by=None)
    assert result.problems == []
    import_roster(VOLUNTEER_ROSTER, result, by=None)
    db.session.commit()

    volunteer = db.session.scalar(select(Volunteer))
    assert volunteer.user.name == "欧阳娜娜"
    assert volunteer.community.name == "文新社区"
    assert history(volunteer)[0].actor_id is None  # the command line, without --by


def test_the_templates_example_row_left_in_is_a_problem(places, catalogue):
    result = check([["张志愿", "13812345678", "女", "文新社区", "手语"], MINIMAL])
    assert problems(result) == [(2, "姓名")]
    assert "example row" in str(result.problems[0].message)
