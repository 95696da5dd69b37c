"""Time a volunteer roster import: parse + check + commit of a generated file.

    python bench/import_bench.py                 # 5,000 rows, .xlsx, temporary SQLite
    python bench/import_bench.py --rows 20000
    python bench/import_bench.py --csv           # a GBK-encoded CSV, as Chinese Excel saves
    python bench/import_bench.py --database-url postgresql+psycopg://...  (emptied first!)

The roster is written with openpyxl (or as GBK CSV) into a temporary folder; places,
skills and languages are seeded into a fresh database built by the migrations. The
target (issue: roster import) is 5,000 rows in under 10 s.
"""

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

SKILLS = [
    "陪同出行",
    "手语",
    "居家探访",
    "康复训练",
    "课业辅导",
    "心理疏导",
    "代购代办",
    "手机教学",
]
LANGUAGES = ["普通话", "粤语", "手语", "杭州话"]
TIMES = ["周二上午、周四下午", "周末全天", "工作日晚上", "周一上午", "周三下午、周六上午"]
CHECKS = ["通过", "未通过", "未开始", ""]


def roster_rows(n: int, communities: list[str], rng: random.Random) -> list[list]:
    rows = []
    for i in range(n):
        rows.append(
            [
                f"志愿者{i:05d}",
                f"13{rng.randint(0, 9)}{i:08d}",
                rng.choice(["男", "女", ""]),
                rng.choice(communities),
                "、".join(rng.sample(SKILLS, rng.randint(1, 3))),
                rng.choice([3, 5, 8, ""]),
                rng.choice(TIMES),
                "、".join(rng.sample(LANGUAGES, rng.randint(0, 2))),
                rng.choice([1, 2, ""]),
                rng.choice(CHECKS),
                f"19{rng.randint(60, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "",
                "",
            ]
        )
    return rows


def write_roster(folder: Path, headers: list[str], rows: list[list], as_csv: bool) -> Path:
    if as_csv:
        path = folder / "志愿者名单.csv"
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(rows)
        path.write_bytes(buffer.getvalue().encode("gbk"))
        return path
    path = folder / "志愿者名单.xlsx"
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("志愿者名单")
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def seed_places_and_catalogues() -> list[str]:
    from matchmaker.accounts.places import Community, District, Street
    from matchmaker.extensions import db
    from matchmaker.recruit.catalogue import Language, Skill

    district = District(name="西湖区")
    names = []
    for s in range(4):
        street = Street(district=district, name=f"第{s + 1}街道")
        for c in range(5):
            name = f"幸福{s * 5 + c + 1}社区"
            db.session.add(Community(street=street, name=name, lat=30.27, lon=120.15))
            names.append(name if c % 2 else street.name + name)
    for i, name in enumerate(SKILLS):
        db.session.add(Skill(name=name, name_en=f"Skill {i}", position=i))
    for i, name in enumerate(LANGUAGES):
        db.session.add(Language(name=name, name_en=f"Language {i}", position=i))
    db.session.commit()
    return names


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000, help="rows to import (default 5000)")
    parser.add_argument("--csv", action="store_true", help="a GBK-encoded CSV instead of .xlsx")
    parser.add_argument("--database-url", help="an EMPTY database to use instead of SQLite")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="matchmaker-import-bench-") as tmp:
        folder = Path(tmp)
        os.environ["MATCHMAKER_INSTANCE_PATH"] = str(folder)
        from matchmaker import create_app
        from matchmaker.core.rosters import check_roster, import_roster
        from matchmaker.core.schema import upgrade_to_head
        from matchmaker.extensions import db
        from matchmaker.recruit.roster import COLUMNS, VOLUNTEER_ROSTER

        url = args.database_url or f"sqlite:///{folder / 'bench.db'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
        with app.app_context():
            upgrade_to_head()
            communities = seed_places_and_catalogues()
            headers = [c.header for c in COLUMNS]
            rows = roster_rows(args.rows, communities, random.Random(args.seed))
            path = write_roster(folder, headers, rows, args.csv)
            size = path.stat().st_size

            start = time.perf_counter()
            check = check_roster(VOLUNTEER_ROSTER, path.read_bytes(), path.name, by=None)
            checked = time.perf_counter()
            if check.problems:
                for problem in check.problems[:10]:
                    print(problem, file=sys.stderr)
                print(f"{len(check.problems)} problems; nothing imported", file=sys.stderr)
                return 1
            count = import_roster(VOLUNTEER_ROSTER, check, by=None)
            db.session.commit()
            done = time.perf_counter()
            db.session.remove()
            db.engine.dispose()

    total = done - start
    print(f"file: {path.name} ({size / 1024:.0f} KiB, {'GBK CSV' if args.csv else 'xlsx'})")
    print(f"database: {url.split(':', 1)[0]}")
    print(f"rows imported: {count}")
    print(f"parse + check: {checked - start:.2f} s")
    print(f"commit: {done - checked:.2f} s")
    print(f"total: {total:.2f} s ({count / total:.0f} rows/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
