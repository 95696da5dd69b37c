"""Demo micro-wishes (about 40, over the demo communities) in every state; the demo donor
holds claims and has thanks to read, and the demo resident has a wish to thank for."""

from datetime import timedelta

from sqlalchemy import select

from ..accounts.models import User
from ..core.events import history
from ..core.types import utcnow
from ..extensions import db
from ..registry.demo import LINKED_LOGIN, _workers_by_community
from ..registry.models import Resident
from . import claims, services
from .models import WishCategory

C = WishCategory
#: (title, story, category, cost in yuan). A published story is public beside the resident's
#: masked name and street (DESIGN §8): it says what the item is for, never a diagnosis or a
#: disability (``core.health_terms`` would flag it; tests/wishes/test_demo.py checks). The
#: goods offers in offers/demo.py are linked to wishes here by title.
WISHES = [
    ("放大镜台灯", "看报纸字太小，想要一盏带放大镜的台灯。", C.ASSISTIVE, 230),
    ("收音机", "每天想听听新闻和越剧。", C.DAILY, 120),
    ("一学期公交卡充值", "上学要坐公交，家里负担重，希望充一学期的公交费。", C.STUDY, 300),
    ("电热水壶", "烧水不方便，想要一个会自动断电的水壶。", C.DAILY, 100),
    ("电饭煲", "家里的电饭煲坏了，想要一个按键大一点的。", C.DAILY, 200),
    ("老年手机", "想要一部声音大、字大的手机，方便和家人联系。", C.DAILY, 400),
    ("盲文书籍一套", "孩子在读小学，想要几本盲文故事书。", C.STUDY, 180),
    ("书包和文具", "开学了，想要一个新书包和一套文具。", C.STUDY, 150),
    ("康复训练弹力带", "在家做上肢康复训练，需要一套不同阻力的弹力带。", C.REHABILITATION, 90),
    ("血压计", "想在家每天量一量血压，记下来心里有数。", C.REHABILITATION, 220),
    ("防滑拖鞋和浴室扶手垫", "洗澡时怕摔倒，希望有防滑用品。", C.REHABILITATION, 160),
    ("象棋和棋盘", "喜欢下象棋，想和邻居在楼下下棋。", C.RECREATION, 60),
    ("二胡", "年轻时拉过二胡，想重新拾起来。", C.RECREATION, 480),
    ("羽毛球拍一副", "报名了社区运动会的羽毛球比赛，需要一副球拍。", C.RECREATION, 150),
    ("冬季棉被", "今年冬天想换一床厚一点的棉被。", C.DAILY, 260),
    ("助行器", "走路不稳，想要一个带轮子的助行器，方便去菜场。", C.ASSISTIVE, 350),
    ("轮椅减压坐垫", "每天坐轮椅的时间长，想要一个减压坐垫，坐着舒服些。", C.ASSISTIVE, 280),
    ("助听器电池一年份", "助听器电池用得快，希望有一年的量。", C.ASSISTIVE, 300),
    ("英语词典", "准备考试，想要一本英汉词典。", C.STUDY, 80),
    ("保温饭盒", "白天在外面上班，中午想吃口热饭。", C.DAILY, 70),
    ("足部按摩器", "想每天在家按一按脚，走路轻松些。", C.REHABILITATION, 450),
    ("绘画颜料和画纸", "孩子喜欢画画，想要一套水彩颜料。", C.RECREATION, 120),
    ("沐浴椅", "站着洗澡很吃力，想要一把沐浴椅。", C.ASSISTIVE, 190),
    ("围巾和手套", "冬天出门做康复，想要暖和的围巾手套。", C.DAILY, 90),
    ("智能音箱", "想用说话的方式听书、问天气，不用看屏幕。", C.OTHER, 300),
    ("理发推子", "家属想学着在家给他理发。", C.OTHER, 130),
    ("电子词典笔", "想要一支能把文字读出来的词典笔，读书更方便。", C.STUDY, 600),
    ("折叠拐杖", "出门需要一根能折叠的拐杖，方便坐车。", C.ASSISTIVE, 110),
    ("电暖器", "屋里冬天很冷，想要一个安全的电暖器。", C.DAILY, 350),
    ("乒乓球桌布和球拍", "社区活动室想组织乒乓球活动。", C.RECREATION, 260),
    ("营养奶粉", "想每天喝一杯营养奶粉，补充体力。", C.REHABILITATION, 240),
    ("书架", "书都堆在地上，想要一个矮书架。", C.OTHER, 210),
    ("雨衣和雨鞋", "坐轮椅出门遇雨不方便，想要一件轮椅雨衣。", C.DAILY, 140),
    ("电动剃须刀", "用刀片剃须容易划伤，想要一个电动的。", C.DAILY, 160),
    ("益智拼图", "孩子喜欢拼图，老师也推荐多玩。", C.REHABILITATION, 75),
    ("台式风扇", "夏天太热，想要一台风扇。", C.DAILY, 130),
    ("毛线和织针", "想织毛衣送给帮助过我的志愿者。", C.RECREATION, 50),
    ("手机支架和大字键盘", "想要一个支架，视频通话时不用一直拿着手机。", C.OTHER, 85),
    ("保暖护膝", "冬天出门想护住膝盖，暖和一些。", C.REHABILITATION, 95),
    ("护理床垫", "家里的床垫太硬，想换一张减压护理床垫。", C.ASSISTIVE, 900),
]
#: How many wishes end in each state, in the order the WISHES list is walked.
PLAN = (
    ["draft"] * 3
    + ["submitted"] * 3
    + ["published"] * 16
    + ["claimed"] * 3
    + ["delivered"] * 2
    + ["fulfilled"] * 7
    + ["lapsed"]
    + ["released"]
    + ["rejected"]
    + ["withdrawn"] * 3
)
THANKS = [
    "谢谢您！收到后天天都在用，心里暖暖的。",
    "非常感谢爱心人士，孩子高兴得不得了。",
    "谢谢你们没有忘记我们，祝您身体健康、工作顺利。",
]


def seed(rng) -> str:
    residents = list(db.session.scalars(select(Resident).order_by(Resident.id)))
    donor = db.session.scalar(select(User).where(User.email == "donor@example.org"))
    if not residents or donor is None:
        return "0 micro-wishes"
    workers = {cid: db.session.get(User, uid) for cid, uid in _workers_by_community().items()}
    linked = next((r for r in residents if r.user and r.user.email == LINKED_LOGIN), None)
    others = [r for r in residents if r is not linked]
    now = utcnow()
    count = 0
    for index, (plan, row) in enumerate(zip(PLAN, WISHES, strict=True)):
        resident = rng.choice(others)
        if linked and (index in (3, 29) or plan == "rejected"):
            resident = linked  # a wish the demo resident sent, one to thank for, one refused
        elif plan == "rejected":
            plan = "withdrawn"  # only a resident's own wish can be turned down
        worker = workers.get(resident.community_id)
        if worker is None:
            continue
        _one_wish(rng, plan, row, resident, worker, donor, now, index)
        count += 1
    # Two stories waiting for review that the reviewer sees flagged: one with a phone number
    # (publishing refused until it is edited out), one naming a disability (a warning).
    if others and workers.get(others[0].community_id):
        for title, story in (
            ("老花镜", "想配一副老花镜。有事请打我电话 138 1234 5678。"),
            ("语音报时手表", "眼睛看不见了，想要一块会报时的手表，自己就知道几点。"),
        ):
            services.draft_wish(
                others[0],
                by=others[0].user or workers[others[0].community_id],
                title=title,
                story=story,
                category=C.DAILY,
                cost_yuan=60,
            )
            count += 1
    return f"{count} micro-wishes"


class _Clock:
    """Gives the events each demo step wrote (and its models) a time in the past."""

    def __init__(self, wish):
        self.subjects, self.seen = [wish], set()

    def at(self, when):
        for subject in self.subjects:
            for event in history(subject):
                if event.id not in self.seen:
                    event.at = when
                    self.seen.add(event.id)


def _one_wish(rng, plan, row, resident, worker, donor, now, index):
    title, story, category, cost = row
    created = now - timedelta(days=rng.randint(20, 80), hours=rng.randint(0, 23))
    author = resident.user if plan in ("submitted", "rejected") and resident.user else worker
    wish = services.draft_wish(
        resident, by=author, title=title, story=story, category=category, cost_yuan=cost
    )
    wish.created_at = created
    clock = _Clock(wish)
    clock.at(created)
    if plan in ("draft", "submitted"):
        return
    if plan == "rejected":
        services.reject_wish(wish, by=worker, why="已有其他渠道解决，暂不发布")
        return clock.at(created + timedelta(days=2))
    published = created + timedelta(days=rng.randint(1, 3))
    services.publish_wish(wish, by=worker, now=published)
    clock.at(published)
    if plan == "withdrawn":
        services.withdraw_wish(wish, by=worker, why="居民已自行购买")
        return clock.at(published + timedelta(days=5))
    if plan == "published":
        return
    # Claims are the demo donor's; a held claim's deadline is still ahead.
    claimed = published + timedelta(days=rng.randint(1, 4))
    if plan in ("claimed", "lapsed"):
        claimed = now - timedelta(days=rng.randint(2, 10) if plan == "claimed" else 20)
    claim = claims.claim_wish(wish, donor=donor, now=claimed)
    clock.subjects.append(claim)
    clock.at(claimed)
    if plan == "claimed":
        return
    if plan == "lapsed":
        claims.lapse_overdue_claims(now)
        return clock.at(claim.deadline)
    if plan == "released":
        claims.release_claim(claim, by=donor, why="时间安排不过来")
        return clock.at(claimed + timedelta(days=1))
    delivered = claimed + timedelta(days=rng.randint(2, 7))
    claims.mark_delivered(claim, by=donor, note="已送到社区服务站", now=delivered)
    clock.at(delivered)
    if plan == "delivered":
        return
    confirmed = delivered + timedelta(days=1)
    claims.confirm_delivery(claim, by=worker, note="已当面交给居民，居民很满意。", now=confirmed)
    clock.at(confirmed)
    if index % 3 and resident.user is None:  # the demo resident still has thanks to write
        thanked = confirmed + timedelta(days=1)
        claims.leave_thanks(claim, by=worker, message=rng.choice(THANKS), now=thanked)
        clock.at(thanked)
