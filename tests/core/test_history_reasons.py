"""The reasons the system writes into a history read in the reader's language: a social
worker reading a need, a resident, a pairing or a wish in Chinese meets no English."""

import re

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from matchmaker.core.histories import event_reason
from matchmaker.core.models import Event

#: the subjects whose history a page shows (templates/registry/_history.html)
SHOWN = ("need", "resident", "pairing", "micro_wish", "wish_claim", "user", "volunteer", "offer")
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


def test_every_reason_in_the_demo_histories_reads_in_chinese(app, demo, db):
    reasons = set(
        db.session.scalars(
            select(Event.reason).where(Event.subject_type.in_(SHOWN), Event.reason != "")
        )
    )
    assert len(reasons) > 30
    with app.test_request_context(), force_locale("zh"):
        untranslated = sorted(r for r in reasons if ENGLISH_WORD.search(event_reason(r)))
    assert untranslated == []


@pytest.mark.parametrize(
    ("stored", "zh", "en"),
    [
        ("changed: notes, urgency", "修改：备注、紧急程度", "changed: Notes, Urgency"),
        (
            "changed by the resident: availability, service_type",
            "居民修改：需要帮助的时间、帮助类型",
            "changed by the resident: When help is wanted, Kind of help",
        ),
        ("changed: address, phone", "修改：地址、电话", "changed: Address, Phone"),
        ("changed: cost_yuan, photo", "修改：预计金额、照片", "changed: Estimated cost, Photo"),
        (
            "need edited: skills",
            "需求已修改：志愿者需具备的技能",
            "need changed: Skills the volunteer needs",
        ),
        (
            "resident's record changed: community, languages",
            "服务对象档案已修改：社区、语言和方言",
            "resident's record changed: Community, Languages and dialects",
        ),
        ("pairing 14 ended: 居民搬离本区", "结对 14 已结束：居民搬离本区", None),
        ("delivery not received: 老人说还没收到", "居民未收到：老人说还没收到", None),
        ("claim 3: not received", "认领 3：居民未收到", None),
        ("review 2: pause", "督导评估 2 决定暂停", "paused at review 2"),
        ("incident 4 resolved", "事件 4 已处理", None),
        ("resident inactive", "服务对象已停用", "resident marked inactive"),
        ("linked to account 6", "已关联本人账号（#6）", "linked to their own account (#6)"),
        ("opened for matching", "已开放配对", "opened for matching"),
        ("reactivated", "服务对象档案已恢复启用", "resident's record active again"),
        # a name no service writes, or words someone typed, are shown as stored
        ("changed: favourite colour", "changed: favourite colour", None),
        ("家属已自行解决", "家属已自行解决", None),
    ],
)
def test_each_kind_of_reason_reads_in_both_languages(app, stored, zh, en):
    with app.test_request_context():
        with force_locale("zh"):
            assert event_reason(stored) == zh
        with force_locale("en"):
            assert event_reason(stored) == (en or stored)
