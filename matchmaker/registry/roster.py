"""The resident roster (服务对象名单), imported from .xlsx or .csv.

A resident with a mobile number also gets an account with the resident role, linked to
the record and without a password: staff activate it later with a one-time code (§12).
"""

import re
from datetime import date

from flask_babel import lazy_gettext as _l

from ..accounts.models import Role, User, UserStatus
from ..core.phones import is_phone_number
from ..core.rosters import RosterKind, record_imported
from ..core.spreadsheets import Column, cell_text, write_template
from ..core.types import Gender, utcnow
from ..extensions import db
from ..recruit.roster import GENDERS, with_catalogue_help
from .forms import ID_MESSAGES
from .models import DisabilityCategory, Resident, ResidentStatus
from .services import id_number_problem

CATEGORIES = {
    "视力": DisabilityCategory.VISUAL,
    "听力": DisabilityCategory.HEARING,
    "言语": DisabilityCategory.SPEECH,
    "肢体": DisabilityCategory.PHYSICAL,
    "智力": DisabilityCategory.INTELLECTUAL,
    "精神": DisabilityCategory.PSYCHOSOCIAL,
    "多重": DisabilityCategory.MULTIPLE,
}
#: "视力残疾" as well as "视力"
CATEGORY_ALIASES = {name + "残疾": value for name, value in CATEGORIES.items()}
CATEGORY_NAMES = {value: name for name, value in CATEGORIES.items()}
GRADES = {"一级": 1, "二级": 2, "三级": 3, "四级": 4, "1": 1, "2": 2, "3": 3, "4": 4}
GRADE_ALIASES = {"1级": 1, "2级": 2, "3级": 3, "4级": 4, "一": 1, "二": 2, "三": 3, "四": 4}
GRADE_NAMES = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}
BIRTH = "出生日期"

COLUMNS = (
    Column("姓名", True, "服务对象的姓名，最多 50 字。", "王某某", width=10),
    Column("性别", False, "男 或 女；不填时按身份证号推算。", "男", width=8),
    Column(
        BIRTH,
        False,
        "出生日期（如 1960-03-01）或出生年份（如 1960）；不填时按身份证号推算。"
        "列名也可写作“出生年份”。",
        "1960-03-01",
        aliases=("出生年份",),
    ),
    Column(
        "身份证号",
        True,
        "18 位居民身份证号，末位可为 X；须通过校验。请保持文本格式，以免 Excel 改成数字。",
        "330106196003010018",
        text=True,
        width=22,
    ),
    Column("残疾类别", True, "视力、听力、言语、肢体、智力、精神 或 多重。", "视力"),
    Column("残疾等级", True, "一级、二级、三级、四级（也可写 1 至 4）。", "二级"),
    Column("社区", True, "", "", width=22),
    Column("地址", False, "居住地址，最多 200 字；只有负责的社工能看到。", "", width=30),
    Column(
        "手机号",
        False,
        "本人 11 位手机号；填写后同时为其开通服务对象账号（由社工发放激活码后使用）。",
        "",
        text=True,
    ),
    Column("监护人", False, "监护人姓名，最多 50 字。", ""),
    Column("监护人电话", False, "监护人的联系电话。", "", text=True),
    Column("语言", False, "", ""),
    Column("同意记录", False, "本人或监护人同意登记信息的方式，如“本人书面同意”。", "本人书面同意"),
    Column("纬度", False, "选填，住址位置的纬度（3 至 54）；须与经度同时填写。", ""),
    Column("经度", False, "选填，住址位置的经度（73 至 136）；须与纬度同时填写。", ""),
)


def mask_id_number(number: str) -> str:
    """3307**********1234, as Resident.masked_id_number shows it."""
    return number[:4] + "*" * (len(number) - 8) + number[-4:] if len(number) >= 8 else "****"


def read_resident(reader, context) -> dict:
    """One roster row as the values of a resident; problems go to ``reader``."""
    id_number = _id_number(reader)
    phone = reader.phone("手机号")
    reader.unique("手机号", phone)
    gender = reader.choice("性别", GENDERS)
    if gender is None and id_number:
        gender = Gender.MALE if int(id_number[16]) % 2 else Gender.FEMALE
    consent = reader.text("同意记录", max_length=200)
    values = {
        "row": reader.row,
        "name": reader.text("姓名", required=True),
        "gender": gender,
        "birth_year": _birth_year(reader, id_number),
        "id_number": id_number,
        "disability_category": reader.choice(
            "残疾类别", CATEGORIES, required=True, aliases=CATEGORY_ALIASES
        ),
        "disability_grade": reader.choice("残疾等级", GRADES, required=True, aliases=GRADE_ALIASES),
        "community": reader.community("社区", context.places),
        "address": reader.text("地址", max_length=200),
        "phone": phone,
        "guardian_name": reader.text("监护人"),
        "guardian_phone": _guardian_phone(reader),
        "languages": reader.names("语言", context.languages),
        "consent_note": consent,
    }
    values["lat"], values["lon"] = reader.position()
    return values


def _id_number(reader) -> str | None:
    raw = reader.cells.get("身份证号")
    number = reader.text("身份证号", required=True, max_length=30).upper().replace(" ", "")
    if not number:
        return None
    if isinstance(raw, int | float):
        reader.problem(
            "身份证号",
            _l("Excel turned this ID number into a number; format the column as text."),
        )
        return None
    problem = id_number_problem(number)
    if problem:
        reader.problem("身份证号", ID_MESSAGES[problem])
        return None
    reader.unique("身份证号", number, shown=mask_id_number(number))
    return number


def _birth_year(reader, id_number: str | None) -> int | None:
    if not reader.has(BIRTH):
        return int(id_number[6:10]) if id_number else None
    text = cell_text(reader.cells[BIRTH])
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
    else:
        born = reader.date(BIRTH)
        if born is None:
            return None
        year = born.year
    if not 1900 <= year <= date.today().year:
        reader.problem(BIRTH, _l("%(value)s is not a year of birth.", value=text))
        return None
    return year


def _guardian_phone(reader) -> str:
    value = reader.text("监护人电话", max_length=20)
    if value and not is_phone_number(value):
        reader.problem("监护人电话", _l("%(value)s is not a phone number.", value=value))
    return value


def save_residents(rows: list[dict], *, by, reason: str) -> None:
    """Create a resident record for each row, with a linked account where a phone is given."""
    now = utcnow()
    residents, users = [], []
    for row in rows:
        resident = Resident(
            status=ResidentStatus.ACTIVE,
            consented_at=now if row["consent_note"] else None,
            **{key: value for key, value in row.items() if key != "row"},
        )
        if row["phone"]:
            resident.user = User(name=row["name"], phone=row["phone"], password_hash=None)
            resident.user.grant(Role.RESIDENT)
            users.append(resident.user)
        residents.append(resident)
    db.session.add_all(residents)
    db.session.flush()
    record_imported(
        [(user, UserStatus.ACTIVE) for user in users]
        + [(resident, ResidentStatus.ACTIVE) for resident in residents],
        by=by,
        reason=reason,
    )


def resident_template() -> bytes:
    return write_template(with_catalogue_help(COLUMNS), title="服务对象名单")


def preview_resident(row: dict) -> list[str]:
    return [
        row["name"],
        mask_id_number(row["id_number"]),
        CATEGORY_NAMES[row["disability_category"]] + GRADE_NAMES[row["disability_grade"]],
        row["community"].name,
        row["phone"] or "",
    ]


RESIDENT_ROSTER = RosterKind(
    name="residents",
    columns=COLUMNS,
    read_row=read_resident,
    clashes=(
        (
            "身份证号",
            Resident.id_number,
            lambda value: _l(
                "A resident with ID number %(value)s is already registered.",
                value=mask_id_number(value),
            ),
        ),
        (
            "手机号",
            Resident.phone,
            lambda value: _l(
                "A resident with mobile number %(value)s is already registered.", value=value
            ),
        ),
        (
            "手机号",
            User.phone,
            lambda value: _l(
                "An account already logs in with %(value)s; leave the mobile number out and "
                "link that account to the resident's record instead.",
                value=value,
            ),
        ),
    ),
    save=save_residents,
    audit_action="import_residents",
    template=resident_template,
    preview_headers=("姓名", "身份证号", "残疾类别", "社区", "手机号"),
    preview=preview_resident,
)
