"""The volunteer roster: the federation's existing volunteers, imported from .xlsx or .csv.

Imported volunteers are approved at once (the importing staff member vouches for them) and
get an account without a password, activated later with a one-time code (DESIGN §12).
"""

from dataclasses import replace

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.models import Role, User, UserStatus
from ..accounts.places import Community
from ..core import availability as av
from ..core.rosters import RosterKind, record_imported
from ..core.spreadsheets import Column, write_template
from ..core.types import Gender
from ..extensions import db
from .catalogue import Language, Skill
from .models import BackgroundCheck, Volunteer, VolunteerStatus

GENDERS = {"男": Gender.MALE, "女": Gender.FEMALE}
CHECKS = {
    "通过": BackgroundCheck.PASSED,
    "未通过": BackgroundCheck.FAILED,
    "未开始": BackgroundCheck.NOT_STARTED,
}
CHECK_ALIASES = {"已通过": BackgroundCheck.PASSED, "不通过": BackgroundCheck.FAILED}
CHECK_NAMES = {value: name for name, value in CHECKS.items()}
RADIUS = "服务半径(公里)"

COLUMNS = (
    Column("姓名", True, "志愿者的真实姓名，最多 50 字。", "张志愿", width=10),
    Column(
        "手机号",
        True,
        "11 位手机号，用作登录账号。同一手机号在文件中只能出现一次，也不能已在平台注册。",
        "13812345678",
        text=True,
    ),
    Column("性别", False, "男 或 女；可不填。", "女", width=8),
    Column("社区", True, "", "", width=22),
    Column("技能", True, "", "", width=22),
    Column(
        RADIUS, False, "愿意前往服务的距离，0.5 至 100 公里；不填为 5。", 5, aliases=("服务半径",)
    ),
    Column(
        "可服务时间",
        False,
        "每周可以服务的时间，如“周二上午、周四下午”“周末全天”“工作日晚上”；"
        "可写周一至周日、周末、工作日，配上午、下午、晚上或全天，用 、 分隔。",
        "周二上午、周末全天",
        width=24,
    ),
    Column("语言", False, "", "", width=16),
    Column("可结对人数", False, "可同时一对一结对的服务对象人数，1 至 10；不填为 1。", 1),
    Column(
        "背景审查", False, "通过、未通过 或 未开始；不填为 未开始。入户服务需“通过”。", "未开始"
    ),
    Column(
        "出生日期",
        False,
        "选填，如 1990-05-01 或 1990/5/1，仅用于核对，平台不保存。",
        "1990-05-01",
    ),
    Column(
        "纬度",
        False,
        "选填，本人常住位置的纬度（3 至 54）；须与经度同时填写。不填则按社区中心计算距离。",
        "",
    ),
    Column("经度", False, "选填，本人常住位置的经度（73 至 136）；须与纬度同时填写。", ""),
)


PROFILE_KEYS = (
    "community",
    "gender",
    "skills",
    "radius_km",
    "availability",
    "languages",
    "capacity",
    "background_check",
    "lat",
    "lon",
)


def read_volunteer(reader, context) -> dict:
    """One roster row as the values of a volunteer; problems go to ``reader``."""
    phone = reader.phone("手机号", required=True)
    reader.unique("手机号", phone)
    values = {
        "row": reader.row,
        "name": reader.text("姓名", required=True),
        "phone": phone,
        "gender": reader.choice("性别", GENDERS),
        "community": reader.community("社区", context.places),
        "skills": reader.names("技能", context.skills, required=True),
        "radius_km": reader.number(RADIUS, default=5.0, low=0.5, high=100),
        "availability": reader.availability("可服务时间"),
        "languages": reader.names("语言", context.languages),
        "capacity": reader.number("可结对人数", default=1, low=1, high=10, integer=True),
        "background_check": reader.choice(
            "背景审查", CHECKS, default=BackgroundCheck.NOT_STARTED, aliases=CHECK_ALIASES
        ),
    }
    reader.date("出生日期")  # checked for the roster's sake; a profile keeps no birth date
    values["lat"], values["lon"] = reader.position()
    return values


def save_volunteers(rows: list[dict], *, by, reason: str) -> None:
    """Create an approved volunteer, and a password-less account, for each row.

    Objects are added together and flushed once; the creation events are inserted in bulk,
    so thousands of rows take seconds (bench/import_bench.py).
    """
    volunteers = []
    for row in rows:
        user = User(name=row["name"], phone=row["phone"], password_hash=None)
        user.grant(Role.VOLUNTEER)
        volunteers.append(
            Volunteer(
                user=user,
                status=VolunteerStatus.APPROVED,
                **{key: row[key] for key in PROFILE_KEYS},
            )
        )
    db.session.add_all(volunteers)
    db.session.flush()
    record_imported(
        [(v.user, UserStatus.ACTIVE) for v in volunteers]
        + [(v, VolunteerStatus.APPROVED) for v in volunteers],
        by=by,
        reason=reason,
    )


def volunteer_template() -> bytes:
    """The fill-in template, its help listing today's communities, skills and languages."""
    columns = with_catalogue_help(COLUMNS)
    return write_template(columns, title="志愿者名单")


def with_catalogue_help(columns) -> list[Column]:
    """Columns whose help and example come from the database (communities, skills, languages)."""
    communities = db.session.scalars(select(Community).order_by(Community.id)).all()
    skills = _names(Skill)
    languages = _names(Language)
    dynamic = {
        "社区": (
            "所在社区：写社区名；有重名的社区时写“街道名+社区名”。平台现有社区："
            + "、".join(c.street.name + c.name for c in communities),
            communities[0].name if communities else "",
        ),
        "技能": (
            "平台技能目录中的名称，多个用 、 或 , 或 ；分隔。可选：" + "、".join(skills),
            "、".join(skills[:2]),
        ),
        "语言": (
            "选填，语言目录中的名称，多个用 、 分隔。可选：" + "、".join(languages),
            languages[0] if languages else "",
        ),
    }
    result = []
    for column in columns:
        if column.header in dynamic:
            help_text, example = dynamic[column.header]
            column = replace(column, help=help_text, example=example)
        result.append(column)
    return result


def _names(model) -> list[str]:
    statement = select(model.name).where(model.active.is_(True)).order_by(model.position, model.id)
    return list(db.session.scalars(statement))


def preview_volunteer(row: dict) -> list[str]:
    return [
        row["name"],
        row["phone"],
        row["community"].name,
        "、".join(s.name for s in row["skills"]),
        av.describe_zh(row["availability"]),
        CHECK_NAMES[row["background_check"]],
    ]


VOLUNTEER_ROSTER = RosterKind(
    name="volunteers",
    columns=COLUMNS,
    read_row=read_volunteer,
    clashes=(
        (
            "手机号",
            User.phone,
            lambda value: _l("An account already logs in with %(value)s.", value=value),
        ),
    ),
    save=save_volunteers,
    audit_action="import_volunteers",
    template=volunteer_template,
    preview_headers=("姓名", "手机号", "社区", "技能", "可服务时间", "背景审查"),
    preview=preview_volunteer,
)
