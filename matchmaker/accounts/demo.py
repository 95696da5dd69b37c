"""Demo places and accounts: one district, its streets and communities, one login per role."""

from datetime import timedelta

from ..core.events import record_creation
from ..core.types import utcnow
from ..extensions import db
from .models import Role, User
from .passwords import hash_password
from .places import Community, District, Street

DISTRICT = "西湖区"
#: street → [(community, lat, lon)]; centres are approximate, for distances only.
STREETS = {
    "北山街道": [
        ("宝石社区", 30.2660, 120.1480),
        ("曙光社区", 30.2760, 120.1440),
        ("西湖村社区", 30.2570, 120.1390),
    ],
    "西溪街道": [
        ("文三社区", 30.2790, 120.1410),
        ("古荡社区", 30.2840, 120.1320),
        ("学院路社区", 30.2850, 120.1500),
    ],
    "翠苑街道": [
        ("翠苑一区社区", 30.2910, 120.1300),
        ("翠苑二区社区", 30.2940, 120.1250),
        ("翠苑三区社区", 30.2960, 120.1190),
    ],
    "文新街道": [
        ("文新社区", 30.2940, 120.1080),
        ("德加社区", 30.2980, 120.1010),
        ("益乐社区", 30.2890, 120.1120),
    ],
    "灵隐街道": [("玉泉社区", 30.2650, 120.1290), ("白乐桥社区", 30.2470, 120.1090)],
}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红建国志强海燕晓东"

#: (name, login, roles); social workers get communities below.
STAFF_AND_PUBLIC = [
    ("周建华", "admin@example.org", Role.ADMIN),
    ("陈静", "sw.beishan@example.org", Role.SOCIAL_WORKER),
    ("刘洋", "sw.xixi@example.org", Role.SOCIAL_WORKER),
    ("孙丽", "sw.cuiyuan@example.org", Role.SOCIAL_WORKER),
    ("杭州爱心企业联合会", "donor@example.org", Role.DONOR),
    ("王秀英", "resident@example.org", Role.RESIDENT),
]
VOLUNTEER_COUNT = 36
#: The federation's staff have worked here since before the first demo volunteer (three years
#: ago): a social worker's account is not younger than the visits they verified.
STAFF_SINCE = timedelta(days=4 * 365)
#: Residents who registered themselves and wait to be linked: (name, login, street, community).
WAITING_RESIDENTS = [
    ("赵春梅", "resident.waiting1@example.org", "北山街道", "曙光社区"),
    ("钱国庆", "resident.waiting2@example.org", "翠苑街道", "翠苑一区社区"),
]


def seed(rng) -> str:
    from ..demo import DEMO_PASSWORD, backdate_creation

    district = District(name=DISTRICT)
    communities: dict[str, list[Community]] = {}
    for street_name, rows in STREETS.items():
        street = Street(district=district, name=street_name)
        communities[street_name] = [
            Community(street=street, name=name, lat=lat, lon=lon) for name, lat, lon in rows
        ]
    # Where donors hand over gifts; one street has not entered it (its donors are told so).
    streets = {community.street for rows in communities.values() for community in rows}
    for number, street in enumerate(sorted(streets, key=lambda s: s.name)[:-1], start=1):
        street.handover_place = f"{street.name}残疾人之家一楼服务台（工作日 9:00–17:00）"
        street.handover_phone = f"0571-8790{number:04d}"
    db.session.add(district)
    db.session.flush()

    # One hash serves every demo account: they share the published demo password.
    password_hash = hash_password(DEMO_PASSWORD)
    users = []
    for name, login, role in STAFF_AND_PUBLIC:
        users.append(_account(name, login, role, password_hash))
    street_names = list(STREETS)
    for worker, street_names_for_worker in zip(
        users[1:4], (street_names[0:2], street_names[2:3], street_names[3:5]), strict=True
    ):
        worker.communities = [c for s in street_names_for_worker for c in communities[s]]

    names = set()
    while len(names) < VOLUNTEER_COUNT:
        names.add(rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2)))))
    for number, name in enumerate(sorted(names), start=1):
        users.append(
            _account(name, f"volunteer{number:02d}@example.org", Role.VOLUNTEER, password_hash)
        )
    by_name = {(s, c.name): c for s, rows in communities.items() for c in rows}
    for name, login, street_name, community_name in WAITING_RESIDENTS:
        user = _account(name, login, Role.RESIDENT, password_hash)
        user.home_community = by_name[street_name, community_name]
        users.append(user)
    db.session.flush()
    for user in users:
        record_creation(user, why="demo data")
    staff_since = utcnow() - STAFF_SINCE
    for user in users[:4]:  # the administrator and the social workers
        user.created_at = staff_since
        backdate_creation("user", user.id, staff_since)
    n_communities = sum(len(c) for c in communities.values())
    return f"{len(STREETS)} streets, {n_communities} communities, {len(users)} accounts"


def _account(name: str, login: str, role: Role, password_hash: str) -> User:
    user = User(name=name, email=login, password_hash=password_hash)
    user.grant(role)
    db.session.add(user)
    return user
