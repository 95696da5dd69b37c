"""A screen-reader user moving by landmarks hears a distinct name for each: no region on these
demo pages shares its name with another (axe-core's `landmark-unique`), in any display mode."""

from axe_playwright_python.sync_playwright import DEFAULT_OPTIONS, Axe
from sqlalchemy import select

from matchmaker.accounts.models import User
from matchmaker.demo import DEMO_PASSWORD
from matchmaker.extensions import db as _db
from matchmaker.match.models import Pairing, Proposal
from matchmaker.registry.models import Need, Resident
from tests.browser.actions import log_in
from tests.browser.axe import MODES

SOCIAL_WORKER = "sw.beishan@example.org"
VOLUNTEER = "volunteer01@example.org"
AXE_SCRIPT = Axe().axe_script


def landmark_clashes(page) -> list[str]:
    """`landmark-unique` violations on the page, in each display mode, one line per element."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    options = {**DEFAULT_OPTIONS, "runOnly": {"type": "rule", "values": ["landmark-unique"]}}
    original = page.evaluate("document.documentElement.className")
    lines = []
    try:
        for mode, classes in MODES.items():
            page.evaluate("c => { document.documentElement.className = c.join(' '); }", classes)
            response = page.evaluate("options => axe.run(document, options)", options)
            for violation in response["violations"]:
                lines += [f"[{mode}] {node['html']}" for node in violation["nodes"]]
    finally:
        page.evaluate("c => { document.documentElement.className = c; }", original)
    return lines


def first_in_communities_of(login: str, statement) -> int:
    """The first row ``statement`` (which joins Resident) finds in the worker's communities."""
    worker = _db.session.scalar(select(User).where(User.email == login))
    communities = [c.id for c in worker.communities]
    return _db.session.scalar(statement.where(Resident.community_id.in_(communities)).limit(1))


def a_need_with_proposals(login: str) -> int:
    """A need of the worker's communities that volunteers have been proposed for."""
    return first_in_communities_of(
        login,
        select(Proposal.need_id)
        .join(Need, Need.id == Proposal.need_id)
        .join(Resident, Resident.id == Need.resident_id)
        .order_by(Proposal.need_id),
    )


def a_resident_with_pairings(login: str) -> int:
    """A resident of the worker's communities with a pairing (their page lists pairings)."""
    return first_in_communities_of(
        login,
        select(Resident.id)
        .join(Need, Need.resident_id == Resident.id)
        .join(Pairing, Pairing.need_id == Need.id)
        .order_by(Resident.id),
    )


def test_each_landmark_has_a_name_of_its_own(page, demo):
    need_id = a_need_with_proposals(SOCIAL_WORKER)
    assert need_id, "the demo has proposals in the social worker's communities"
    resident_id = a_resident_with_pairings(SOCIAL_WORKER)
    assert resident_id, "the demo has pairings in the social worker's communities"
    log_in(page, SOCIAL_WORKER, DEMO_PASSWORD)
    clashes = []
    pages = ("/match/proposals", f"/needs/{need_id}", f"/residents/{resident_id}", "/supervise")
    for path in (*pages, "/train/sessions"):
        page.goto(path)
        assert page.locator("main table").count(), f"{path} shows a table in the demo"
        # folded parts too (the proposals' score tables): a reader opens them
        page.evaluate("document.querySelectorAll('main details').forEach(d => { d.open = true; })")
        clashes += [f"{path} {line}" for line in landmark_clashes(page)]
    page.context.clear_cookies()
    log_in(page, VOLUNTEER, DEMO_PASSWORD)
    page.goto("/train/me")
    assert page.locator("main table").count(), "/train/me shows the volunteer's sessions"
    clashes += [f"/train/me {line}" for line in landmark_clashes(page)]
    assert not clashes, "landmarks sharing a name:\n" + "\n".join(clashes)
