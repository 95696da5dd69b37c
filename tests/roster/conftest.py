"""Places, catalogues and real roster files (written with openpyxl, or as GBK CSV)."""

import csv
import io
from types import SimpleNamespace

import pytest
from flask_babel import force_locale
from openpyxl import Workbook

from matchmaker.registry.services import id_check_character
from tests.factories import CommunityFactory, LanguageFactory, SkillFactory, StreetFactory

VOLUNTEER_HEADERS = [
    "姓名*",
    "手机号*",
    "性别",
    "社区*",
    "技能*",
    "服务半径(公里)",
    "可服务时间",
    "语言",
    "可结对人数",
    "背景审查",
    "出生日期",
    "纬度",
    "经度",
]
RESIDENT_HEADERS = [
    "姓名*",
    "性别",
    "出生日期",
    "身份证号*",
    "残疾类别*",
    "残疾等级*",
    "社区*",
    "地址",
    "手机号",
    "监护人",
    "监护人电话",
    "语言",
    "同意记录",
]


@pytest.fixture(autouse=True)
def english(db):
    """Messages rendered outside a request read in English (requests follow the user)."""
    with force_locale("en"):
        yield


def id_number(birth: str = "19600301", sequence: str = "001") -> str:
    """A valid 18-character ID (GB 11643 check character included)."""
    first17 = "330106" + birth + sequence
    return first17 + id_check_character(first17)


def xlsx_bytes(headers, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(headers, rows, encoding="gbk") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


@pytest.fixture
def write_xlsx(tmp_path):
    """``write_xlsx(headers, rows, name)`` → the path of a real .xlsx written by openpyxl."""

    def write(headers, rows, name="名单.xlsx"):
        path = tmp_path / name
        path.write_bytes(xlsx_bytes(headers, rows))
        return path

    return write


@pytest.fixture
def places(db):
    """西湖街道: 翠苑一社区, 文新社区; 北山街道: 翠苑一社区 (same name), 宝石社区."""
    xihu = StreetFactory(name="西湖街道")
    beishan = StreetFactory(name="北山街道", district=xihu.district)
    return SimpleNamespace(
        cuiyuan=CommunityFactory(street=xihu, name="翠苑一社区"),
        wenxin=CommunityFactory(street=xihu, name="文新社区"),
        cuiyuan_north=CommunityFactory(street=beishan, name="翠苑一社区"),
        baoshi=CommunityFactory(street=beishan, name="宝石社区"),
    )


@pytest.fixture
def catalogue(db):
    return SimpleNamespace(
        sign=SkillFactory(name="手语", name_en="Sign language"),
        escort=SkillFactory(name="陪同出行", name_en="Escort"),
        visit=SkillFactory(name="居家探访", name_en="Home visits"),
        mandarin=LanguageFactory(name="普通话", name_en="Mandarin"),
        sign_language=LanguageFactory(name="手语", name_en="Sign language"),
    )
