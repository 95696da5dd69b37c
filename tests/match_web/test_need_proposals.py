"""A need's page lists the volunteers proposed for it, newest run first, each with how it
ended and why, in the reader's language: a social worker reads why a volunteer once
proposed is no longer there."""

import html
import re

from sqlalchemy import select

from matchmaker.match.models import Proposal, ProposalStatus
from tests.conftest import csrf_from
from tests.match_web.test_proposals import run_matching, waiting


def _proposals_table(page: str) -> list[str]:
    """The rows of the page's proposals table, as text."""
    table = page[page.index('id="proposals-heading"') : page.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]  # after the header
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in rows]


def test_the_need_page_says_what_became_of_each_proposal(worker_client, db, city):
    need = city["need"]
    before = worker_client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "还没有为该需求推荐过志愿者。" in before
    run_matching(worker_client)
    run_matching(worker_client)  # replaces the first run's proposals
    best, alternative = waiting(db, need)
    token = csrf_from(worker_client.get("/match/proposals"))
    prefix = f"p{alternative.id}"
    rejected = worker_client.post(
        f"/match/proposals/{alternative.id}/reject",
        data={f"{prefix}-reason": "too_far", f"{prefix}-note": "要过河", "csrf_token": token},
    )
    assert rejected.status_code == 302

    page = worker_client.get(f"/needs/{need.id}").get_data(as_text=True)
    rows = _proposals_table(page)
    assert len(rows) == 4
    newest_choice, newest_alternative, *first_run = rows
    assert "李同社区" in newest_choice and "等待决定" in newest_choice
    # the waiting one is decided there, in its need's group rather than at the list's top
    assert f'href="/match/proposals#need-{need.id}"' in page
    table = page[page.index('id="proposals-heading"') : page.index("</table>")]
    assert 'href="/match/proposals"' not in table
    decide = worker_client.get("/match/proposals").get_data(as_text=True)
    assert f'id="need-{need.id}"' in decide
    assert "张邻社区 （备选 1）" in newest_alternative
    assert "已拒绝 距离太远：要过河 陈社工，" in newest_alternative
    for row in first_run:
        assert "已撤下 已由新一轮配对取代 陈社工" in row
    assert "王秀英" in page  # the page was already the resident's (audited)
    assert not re.search(r"[A-Za-z]{4,}", " ".join(rows))  # no English in the Chinese page

    worker_client.set_cookie("mm_locale", "en")
    english = _proposals_table(worker_client.get(f"/needs/{need.id}").get_data(as_text=True))
    assert "Declined Too far away: 要过河" in english[1]
    assert "Withdrawn replaced by a newer matching run" in english[2]


def test_confirming_one_shows_why_the_others_went(worker_client, db, city):
    run_matching(worker_client)
    best, alternative = waiting(db, city["need"])
    token = csrf_from(worker_client.get("/match/proposals"))
    confirmed = worker_client.post(
        f"/match/proposals/{best.id}/confirm", data={"csrf_token": token, f"p{best.id}-note": ""}
    )
    assert confirmed.status_code == 302
    db.session.expire_all()
    assert db.session.get(Proposal, alternative.id).status is ProposalStatus.WITHDRAWN
    rows = _proposals_table(worker_client.get(f"/needs/{city['need'].id}").get_data(as_text=True))
    assert "已确认" in rows[0]
    assert f"另一条配对建议（第 {best.id} 号）已确认（同一需求或同一志愿者）" in rows[1]


def test_the_demo_leaves_no_proposal_waiting_for_a_need_or_volunteer_already_paired(db, demo):
    from matchmaker.recruit.models import Volunteer
    from matchmaker.registry.models import Need, NeedStatus

    stray = db.session.scalars(
        select(Proposal.id)
        .join(Need, Need.id == Proposal.need_id)
        .join(Volunteer, Volunteer.id == Proposal.volunteer_id)
        .where(
            Proposal.status == ProposalStatus.PROPOSED,
            (Need.status != NeedStatus.OPEN) | (Volunteer.open_pairings >= Volunteer.capacity),
        )
    ).all()
    assert stray == []
