"""The resident roster: valid ID numbers, linked password-less accounts, all or nothing."""

import pytest
from sqlalchemy import func, select

from matchmaker.accounts.models import Role, User
from matchmaker.core.events import history
from matchmaker.core.models import AuditEntry
from matchmaker.core.rosters import RosterHasProblems, check_roster, import_roster
from matchmaker.core.types import Gender
from matchmaker.extensions import db
from matchmaker.registry.models import DisabilityCategory, Resident
from matchmaker.registry.roster import RESIDENT_ROSTER
from tests.factories import ResidentFactory, UserFactory
from tests.roster.conftest import RESIDENT_HEADERS, id_number, xlsx_bytes

WANG_ID = id_number("19580714", "023")  # odd 17th digit: male
CHEN_ID = id_number("19851102", "042")


def check(rows, *, by=None, headers=RESIDENT_HEADERS):
    return check_roster(RESIDENT_ROSTER, xlsx_bytes(headers, rows), "居民.xlsx", by=by)


def test_residents_are_created_and_those_with_a_mobile_get_a_linked_account(places, catalogue):
    staff = UserFactory(roles=["social_worker"], communities=[places.wenxin, places.baoshi])
    rows = [
        [
            "王大爷",
            None,
            None,
            WANG_ID,
            "视力残疾",
            "一级",
            "文新社区",
            "文三路 1 号",
            "13812345678",
            "王女儿",
            "0571-88886666",
            "普通话",
            "本人书面同意",
        ],
        ["陈女士", "女", 1985, CHEN_ID, "肢体", 3, "宝石社区"],
    ]
    result = check(rows, by=staff)
    assert result.problems == []
    assert import_roster(RESIDENT_ROSTER, result, by=staff) == 2
    db.session.commit()

    wang = db.session.scalar(select(Resident).where(Resident.name == "王大爷"))
    assert wang.id_number == WANG_ID
    assert (wang.gender, wang.birth_year) == (Gender.MALE, 1958)  # read from the ID number
    assert wang.disability_category is DisabilityCategory.VISUAL
    assert wang.disability_grade == 1
    assert (wang.address, wang.guardian_name, wang.guardian_phone) == (
        "文三路 1 号",
        "王女儿",
        "0571-88886666",
    )
    assert [lang.name for lang in wang.languages] == ["普通话"]
    assert wang.consent_note == "本人书面同意" and wang.consented_at is not None
    assert wang.user.phone == "13812345678"
    assert wang.user.password_hash is None
    assert wang.user.roles == {Role.RESIDENT}

    chen = db.session.scalar(select(Resident).where(Resident.name == "陈女士"))
    assert (chen.gender, chen.birth_year, chen.disability_grade) == (Gender.FEMALE, 1985, 3)
    assert chen.community == places.baoshi
    assert chen.user is None and chen.phone is None and chen.consented_at is None

    assert [(e.from_state, e.to_state, e.actor_id) for e in history(wang)] == [
        (None, "active", staff.id)
    ]
    assert db.session.scalar(select(func.count()).select_from(User)) == 2  # staff + 王大爷
    (entry,) = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "import_residents"))
    assert entry.detail == "居民.xlsx: 2 rows"


def test_bad_rows_are_each_reported_and_nothing_is_saved(places, catalogue):
    bad_check = WANG_ID[:-1] + ("0" if WANG_ID[-1] != "0" else "1")
    rows = [
        ["甲", None, None, bad_check, "视力", "一级", "文新社区"],
        ["乙", None, "1850", int(CHEN_ID[:15]), "视觉", "五级", "文新社区", None, "123"],
        ["丙", None, "1985-13-01", CHEN_ID, "听力", "二级", "文新社区", None, None, None, "电话"],
        ["丁", None, None, None, None, None, None],
    ]
    result = check(rows)

    assert [(p.row, p.column) for p in result.problems] == [
        (2, "身份证号"),
        (3, "出生日期"),
        (3, "身份证号"),
        (3, "残疾类别"),
        (3, "残疾等级"),
        (3, "手机号"),
        (4, "出生日期"),
        (4, "监护人电话"),
        (5, "身份证号"),
        (5, "残疾类别"),
        (5, "残疾等级"),
        (5, "社区"),
    ]
    assert "last character" in str(result.problems[0].message)
    assert "format the column as text" in str(result.problems[2].message)
    with pytest.raises(RosterHasProblems):
        import_roster(RESIDENT_ROSTER, result, by=None)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Resident)) == 0


def test_duplicates_within_the_file_and_against_the_database_are_masked(places, catalogue):
    ResidentFactory(id_number=WANG_ID, phone="13600000000", community=places.wenxin)
    UserFactory(phone="13700000000")
    rows = [
        ["甲", None, None, CHEN_ID, "视力", "一级", "文新社区"],
        ["乙", None, None, CHEN_ID, "视力", "一级", "文新社区", None, "13600000000"],
        ["丙", None, None, WANG_ID, "视力", "一级", "文新社区", None, "13700000000"],
    ]
    result = check(rows)

    assert [(p.row, p.column) for p in result.problems] == [
        (3, "身份证号"),
        (3, "手机号"),
        (4, "身份证号"),
        (4, "手机号"),
    ]
    text = " ".join(str(p.message) for p in result.problems)
    assert CHEN_ID not in text and WANG_ID not in text  # ID numbers only ever masked
    assert f"{CHEN_ID[:4]}**********{CHEN_ID[-4:]} is also on row 2" in text
    assert "already registered" in text
    assert "link that account" in text
