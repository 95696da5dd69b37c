"""`matchmaker import volunteers FILE` / `import residents FILE`: same checks, exit codes."""

from sqlalchemy import func, select

from matchmaker.core.events import history
from matchmaker.extensions import db
from matchmaker.recruit.models import Volunteer
from matchmaker.registry.models import Resident
from tests.factories import UserFactory
from tests.roster.conftest import RESIDENT_HEADERS, VOLUNTEER_HEADERS, id_number

GOOD = [
    ["赵志愿", "13812345678", "女", "文新社区", "手语"],
    ["李四", "13900001111", None, "宝石社区", "陪同出行"],
]


def volunteers() -> int:
    return db.session.scalar(select(func.count()).select_from(Volunteer))


def test_import_volunteers_succeeds(runner, write_xlsx, places, catalogue):
    path = write_xlsx(VOLUNTEER_HEADERS, GOOD)
    result = runner.invoke(args=["import", "volunteers", str(path)])

    assert result.exit_code == 0, result.output
    assert "imported 2 volunteers" in result.output
    assert volunteers() == 2


def test_problems_are_printed_by_row_and_column_and_exit_non_zero(
    runner, write_xlsx, places, catalogue
):
    rows = [*GOOD, ["王五", "13812345678", None, "火星社区", "手语"]]
    result = runner.invoke(args=["import", "volunteers", str(write_xlsx(VOLUNTEER_HEADERS, rows))])

    assert result.exit_code == 1
    assert "第 4 行 「手机号」: " in result.output
    assert "第 4 行 「社区」: " in result.output and "火星社区" in result.output
    assert "nothing imported" in result.output
    assert volunteers() == 0


def test_dry_run_saves_nothing(runner, write_xlsx, places, catalogue):
    path = write_xlsx(VOLUNTEER_HEADERS, GOOD)
    result = runner.invoke(args=["import", "volunteers", str(path), "--dry-run"])
    assert result.exit_code == 0
    assert "2 volunteers ready to import" in result.output
    assert volunteers() == 0


def test_by_records_the_staff_member_and_applies_their_scope(runner, write_xlsx, places, catalogue):
    worker = UserFactory(roles=["social_worker"], communities=[places.wenxin])
    path = write_xlsx(VOLUNTEER_HEADERS, GOOD)
    refused = runner.invoke(args=["import", "volunteers", str(path), "--by", worker.email])
    assert refused.exit_code == 1
    assert "第 3 行 「社区」" in refused.output

    path = write_xlsx(VOLUNTEER_HEADERS, GOOD[:1], name="one.xlsx")
    result = runner.invoke(args=["import", "volunteers", str(path), "--by", worker.email.upper()])
    assert result.exit_code == 0, result.output
    assert history(db.session.scalar(select(Volunteer)))[0].actor_id == worker.id


def test_by_must_name_staff(runner, write_xlsx, places, catalogue):
    volunteer = UserFactory(roles=["volunteer"])
    path = write_xlsx(VOLUNTEER_HEADERS, GOOD)
    for login in ("nobody@example.org", volunteer.email):
        result = runner.invoke(args=["import", "volunteers", str(path), "--by", login])
        assert result.exit_code == 2
        assert "--by" in result.output


def test_a_file_that_is_not_a_spreadsheet_is_a_clear_error(runner, tmp_path, places, catalogue):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    result = runner.invoke(args=["import", "volunteers", str(path)])
    assert result.exit_code == 1
    assert "Error:" in result.output and "Traceback" not in result.output


def test_import_residents(runner, write_xlsx, places, catalogue):
    rows = [["王大爷", None, None, id_number(), "视力", "一级", "文新社区"]]
    result = runner.invoke(args=["import", "residents", str(write_xlsx(RESIDENT_HEADERS, rows))])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Resident.name)) == "王大爷"
