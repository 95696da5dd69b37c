"""Demo offers of every kind (goods, services, funds, jobs for disabled people): some waiting
for review, one turned down, most published; several linked to wishes and needs, one used up.
A link to a published wish claims it for the demo donor, as on the site.

Each link is one a social worker would make: goods to a wish for that very item, funds to wishes
of their category, a service to needs of its type; in the offer's street where it names one; and
no wish gets two offers."""

from sqlalchemy import select

from ..accounts.models import Role, User, UserRole
from ..accounts.places import Street
from ..core import availability as av
from ..extensions import db
from ..registry.demo import _workers_by_community
from ..registry.models import Need, NeedStatus, ServiceType
from ..wishes.models import MicroWish, WishCategory, WishStatus
from . import linking, services
from .models import GoodsCondition, OfferKind

K, C = OfferKind, WishCategory
SAT_SUN = av.mask_from_slots([15, 16, 18, 19])
#: (kind, title, quantity, fields, what happens: "submitted", "rejected", "approved", "linked"
#: or "used_up" — linked to as many wishes or needs as it has units)
OFFERS = [
    (
        K.GOODS,
        "轮椅减压坐垫 10 个",
        10,
        {"category": C.ASSISTIVE.value, "condition": GoodsCondition.NEW},
        "linked",
    ),
    (
        K.GOODS,
        "冬季棉被 5 床",
        5,
        {"category": C.DAILY.value, "condition": GoodsCondition.NEW},
        "linked",
    ),
    (
        K.GOODS,
        "九成新助行器 1 个",
        1,
        {"category": C.ASSISTIVE.value, "condition": GoodsCondition.GOOD},
        "used_up",
    ),
    (
        K.GOODS,
        "儿童绘本和文具",
        20,
        {"category": C.STUDY.value, "condition": GoodsCondition.NEW, "anonymous": True},
        "approved",
    ),
    (
        K.GOODS,
        "旧电视机一台",
        1,
        {"category": C.DAILY.value, "condition": GoodsCondition.USED},
        "rejected",
    ),
    (
        K.SERVICE,
        "每月一次免费上门理发",
        12,
        {"category": ServiceType.HAIRCUT.value, "availability": SAT_SUN},
        "linked",
    ),
    (
        K.SERVICE,
        "家电免费检修",
        8,
        {"category": ServiceType.REPAIRS.value, "availability": av.mask_from_slots([13, 14])},
        "approved",
    ),
    (
        K.SERVICE,
        "法律咨询志愿律师",
        6,
        {"category": ServiceType.LEGAL.value, "availability": av.mask_from_slots([10])},
        "submitted",
    ),
    (
        K.FUNDS,
        "康复用品专项资助",
        5,
        {"category": C.REHABILITATION.value, "amount_band": "500to2000"},
        "linked",
    ),
    (
        K.FUNDS,
        "助学金",
        3,
        {"category": C.STUDY.value, "amount_band": "2000to10000", "anonymous": True},
        "approved",
    ),
    (
        K.JOB,
        "超市理货员",
        2,
        {
            "employer": "惠民连锁超市",
            "job_role": "理货员",
            "hours_per_week": 30,
            "place": "北山街道惠民超市",
            "accommodations": "无障碍入口，可安排手语同事带教，弹性排班",
        },
        "approved",
    ),
    (
        K.JOB,
        "客服热线坐席",
        3,
        {
            "employer": "安心保险服务中心",
            "job_role": "电话客服",
            "hours_per_week": 25,
            "place": "西溪街道服务中心二楼（有电梯）",
            "accommodations": "读屏软件电脑，可居家办公两天",
        },
        "approved",
    ),
    (
        K.JOB,
        "手工坊计件岗位",
        4,
        {
            "employer": "阳光手工坊",
            "job_role": "手工编织",
            "hours_per_week": 20,
            "place": "翠苑街道阳光家园",
            "accommodations": "座位可调，工作时间灵活",
        },
        "submitted",
    ),
]


#: The published demo wishes (wishes/demo.py, by title) a linked goods or funds offer goes to.
#: A goods offer sent to one wish is given in that wish's street; a fund is the district's.
WISHES_FOR = {
    "轮椅减压坐垫 10 个": ("轮椅减压坐垫",),
    "冬季棉被 5 床": ("冬季棉被",),
    "九成新助行器 1 个": ("助行器",),
    "康复用品专项资助": ("康复训练弹力带", "防滑拖鞋和浴室扶手垫"),
}


def seed(rng) -> str:
    donor = db.session.scalar(select(User).where(User.email == "donor@example.org"))
    admin_ids = select(UserRole.user_id).where(UserRole.role == Role.ADMIN)
    admin = db.session.scalar(select(User).where(User.id.in_(admin_ids)).order_by(User.id))
    workers = {cid: db.session.get(User, uid) for cid, uid in _workers_by_community().items()}
    streets = db.session.scalars(select(Street).order_by(Street.id)).all()
    wishes = db.session.scalars(
        select(MicroWish).where(MicroWish.status == WishStatus.PUBLISHED).order_by(MicroWish.id)
    ).all()
    needs = db.session.scalars(
        select(Need).where(Need.status == NeedStatus.OPEN).order_by(Need.id)
    ).all()
    links = 0
    for index, (kind, title, quantity, fields, plan) in enumerate(OFFERS):
        street = streets[index % len(streets)] if streets and kind is not K.JOB else None
        targets = []
        if plan in ("linked", "used_up"):
            wanted = quantity if plan == "used_up" else 2
            targets = _targets(kind, title, fields, wishes, needs, street, wanted)
            if kind is not K.SERVICE:
                places = {w.resident.community.street for w in targets}
                street = places.pop() if kind is K.GOODS and len(places) == 1 else None
        offer = services.register_offer(
            donor,
            kind=kind,
            title=title,
            quantity=quantity,
            street_id=street.id if street else None,
            description="",
            **fields,
        )
        if plan == "submitted":
            continue
        if plan == "rejected":
            services.reject_offer(offer, by=admin, why="物品已无法正常使用，不适合捐赠")
            continue
        services.approve_offer(offer, by=admin)
        for target in targets:
            worker = workers.get(target.resident.community_id) or admin
            key = "wish" if isinstance(target, MicroWish) else "need"
            linking.link_offer(offer, by=worker, **{key: target})
            links += 1
    return f"{len(OFFERS)} donors' offers (goods, services, funds, jobs), {links} links"


def _targets(kind, title, fields, wishes, needs, street, n):
    """What a linked offer goes to: its wishes by title, or open needs of its service type in
    its street, none of them given an offer already (each is taken from the lists)."""
    if kind is K.SERVICE:
        fitting = [
            x
            for x in needs
            if x.service_type.value == fields["category"]
            and (street is None or x.resident.community.street_id == street.id)
        ][:n]
        for need in fitting:
            needs.remove(need)
        return fitting
    titles = WISHES_FOR.get(title, ())
    chosen = [w for w in wishes if w.title in titles][:n]
    for wish in chosen:
        wishes.remove(wish)
    return chosen
