"""A record opened from a filtered list leads back to that list as it was — filters, order and
page — not to its unfiltered first page; a "back" address that is not that list's (another
page, another site, a mangled one) leads to the plain list: never an open redirect."""

import html
import re
from urllib.parse import quote, unquote

import pytest

from matchmaker.core.listing import back_to, back_url, list_address
from matchmaker.demo import DEMO_PASSWORD
from tests.conftest import csrf_from

SOCIAL_WORKER = "sw.beishan@example.org"
ADMIN = "admin@example.org"

#: (who, a filtered list, its rows' record addresses, the record's "Back to" label)
LISTS = [
    (SOCIAL_WORKER, "/needs?status=open&sort=oldest", r"/needs/\d+", "Back to needs"),
    (SOCIAL_WORKER, "/residents?status=active", r"/residents/\d+", "Back to residents"),
    (None, "/wishes?sort=cheapest", r"/wishes/\d+", "Back to all wishes"),
    (SOCIAL_WORKER, "/wishes/review?status=all", r"/wishes/\d+/manage", "Back to micro-wishes"),
    (
        SOCIAL_WORKER,
        "/recruit/review?status=approved",
        r"/recruit/volunteers/\d+",
        "Back to applications",
    ),
    (
        SOCIAL_WORKER,
        "/supervise/pairings?status=all",
        r"/supervise/pairings/\d+",
        "Back to pairings",
    ),
    (None, "/offers?kind=goods", r"/offers/\d+", "Back to all offers"),
    (ADMIN, "/admin/users?role=volunteer&page=2", r"/admin/users/\d+", "Back to users"),
]


def _log_in(client, login):
    page = client.get("/login")
    data = {"login": login, "password": DEMO_PASSWORD, "csrf_token": csrf_from(page)}
    assert client.post("/login", data=data).status_code == 302


def _form(page: str, ending: str) -> tuple[str, dict]:
    """The address of the page's form that posts to ``…ending``, and its hidden fields."""
    for action, body in re.findall(r'<form[^>]*action="([^"]*)"[^>]*>(.*?)</form>', page, re.S):
        if action.endswith(ending):
            hidden = {}
            for tag in re.findall(r"<input[^>]*>", body):
                if 'type="hidden"' in tag:
                    name = re.search(r'name="([^"]*)"', tag).group(1)
                    hidden[name] = html.unescape(re.search(r'value="([^"]*)"', tag).group(1))
            return action, hidden
    raise AssertionError(f"no form posting to …{ending}")


def _page(client, address, status=200):
    response = client.get(address)
    assert response.status_code == status, address
    return response.get_data(as_text=True)


def _back_href(page: str, label: str) -> str:
    found = re.findall(rf'<a href="([^"]*)">{re.escape(label)}</a>', page)
    assert len(found) == 1, f"one “{label}” link expected, found {found}"
    return html.unescape(found[0])


def _first_row(page: str, record: str) -> str:
    """The first record link of a list page, as the browser follows it."""
    found = re.search(rf'href="({record}(?:\?back=[^"#]*)?)(?:#[^"]*)?"', page)
    assert found, f"no link to {record} on the list"
    return html.unescape(found.group(1))


@pytest.fixture
def english(client):
    client.set_cookie("mm_locale", "en")
    return client


@pytest.mark.parametrize("who, listed, record, label", LISTS, ids=[c[1] for c in LISTS])
def test_a_record_leads_back_to_the_list_as_it_was(english, demo, who, listed, record, label):
    client = english
    if who:
        _log_in(client, who)
    row = _first_row(_page(client, listed), record)
    # the row carries the list's own address; the record's page leads back to it
    assert unquote(row.split("?back=")[1]).split("#")[0] == listed
    back = _back_href(_page(client, row), label)
    assert back.split("#")[0] == listed
    _page(client, back)  # and it is the list itself


@pytest.mark.parametrize("who, listed, record, label", LISTS, ids=[c[1] for c in LISTS])
def test_a_foreign_or_absent_back_leads_to_the_plain_list(
    english, demo, who, listed, record, label
):
    client = english
    if who:
        _log_in(client, who)
    plain = listed.split("?")[0]
    row = _first_row(_page(client, listed), record).split("?")[0]
    assert _back_href(_page(client, row), label) == plain
    for foreign in (
        "https://evil.example" + listed,
        "//evil.example" + listed,
        "/\\evil.example" + listed,
        "javascript:alert(1)//" + listed,
        "/login?next=" + listed,  # another page of this site
        plain + "/../login",
        plain + "?q=\r\nSet-Cookie:x=1",  # a header-splitting newline, in a redirect
        plain + "?q=" + "x" * 600,
    ):
        page = _page(client, f"{row}?back={quote(foreign, safe='')}")
        assert _back_href(page, label) == plain, foreign


def test_the_plain_first_page_of_a_list_leaves_its_rows_addresses_alone(english, demo):
    _log_in(english, SOCIAL_WORKER)
    page = _page(english, "/needs")
    assert re.search(r'href="/needs/\d+"', page) and "?back=" not in page


def test_a_need_keeps_the_list_through_its_forms(english, demo):
    """A form sent back with its errors, and the page after a move, still lead back."""
    client = english
    _log_in(client, SOCIAL_WORKER)
    listed = "/needs?status=open&sort=oldest&page=1"
    row = _first_row(_page(client, listed), r"/needs/\d+")
    page = _page(client, row)
    close, hidden = _form(page, "/close")
    assert hidden["back"] == listed and close == row.split("?")[0] + "/close"
    refused = client.post(close, data={**hidden, "reason": ""})
    assert refused.status_code == 422
    assert _back_href(refused.get_data(as_text=True), "Back to needs") == listed
    done = client.post(close, data={**hidden, "reason": "Moved away"})
    assert done.status_code == 302 and done.location == row
    assert _back_href(_page(client, done.location), "Back to needs") == listed


def test_a_resident_record_keeps_the_list_through_its_forms(english, demo):
    client = english
    _log_in(client, SOCIAL_WORKER)
    listed = "/residents?status=active&page=1"
    row = _first_row(_page(client, listed), r"/residents/\d+")
    page = _page(client, row)
    inactive, hidden = _form(page, "/inactive")
    refused = client.post(inactive, data=hidden)
    assert refused.status_code == 422
    assert _back_href(refused.get_data(as_text=True), "Back to residents") == listed


def test_a_wish_keeps_the_list_through_its_forms(english, demo):
    client = english
    _log_in(client, SOCIAL_WORKER)
    listed = "/wishes/review?status=published&q="
    found = _page(client, listed).split('id="recent-heading"')[1]  # below the two queues
    row = _first_row(found, r"/wishes/\d+/manage")
    page = _page(client, row)
    withdraw, hidden = _form(page, "/withdraw")
    refused = client.post(withdraw, data={**hidden, "reason": ""})
    assert refused.status_code == 422
    back = listed + "#recent-heading"
    assert _back_href(refused.get_data(as_text=True), "Back to micro-wishes") == back
    done = client.post(withdraw, data={**hidden, "reason": "Not wanted"})
    assert done.status_code == 302 and done.location == row
    assert _back_href(_page(client, done.location), "Back to micro-wishes") == back


def test_a_decision_on_an_application_returns_to_the_queue_as_it_was(english, demo):
    client = english
    _log_in(client, SOCIAL_WORKER)
    listed = "/recruit/review?status=applied&page=1"
    row = _first_row(_page(client, listed), r"/recruit/volunteers/\d+")
    page = _page(client, row)
    decide, hidden = _form(page, "/decision")
    refused = client.post(decide, data=hidden)
    assert refused.status_code == 422
    assert _back_href(refused.get_data(as_text=True), "Back to applications") == listed
    done = client.post(decide, data={**hidden, "decision": "approved"})
    assert done.status_code == 302 and done.location == listed


def test_a_pairing_keeps_the_list_through_its_forms(english, demo):
    client = english
    _log_in(client, SOCIAL_WORKER)
    listed = "/supervise/pairings?status=active"
    row = _first_row(_page(client, listed), r"/supervise/pairings/\d+")
    page = _page(client, row)
    end, hidden = _form(page, "/end")
    refused = client.post(end, data={**hidden, "end-reason": ""})
    assert refused.status_code == 422
    assert _back_href(refused.get_data(as_text=True), "Back to pairings") == listed
    review, hidden = _form(page, "/review")
    data = {**hidden, "review-satisfaction": "5", "review-outcome": "continue"}
    done = client.post(review, data=data)
    assert done.status_code == 302 and done.location == row


def test_an_account_keeps_the_list_after_its_changes_are_saved(english, demo):
    client = english
    _log_in(client, ADMIN)
    listed = "/admin/users?role=donor"
    row = _first_row(_page(client, listed), r"/admin/users/\d+")
    page = _page(client, row)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    data = {"csrf_token": csrf, "roles": "donor", "active": "y", "reason": "check"}
    done = client.post(row, data=data)
    assert done.status_code == 302 and done.location == row
    assert _back_href(_page(client, done.location), "Back to users") == listed


def test_the_helpers_read_only_this_sites_list(app):
    with app.test_request_context("/needs?status=open&q=%E5%BC%A0+%E4%B8%89&back=/x"):
        assert list_address() == "/needs?status=open&q=%E5%BC%A0+%E4%B8%89"
        assert list_address("top") == "/needs?status=open&q=%E5%BC%A0+%E4%B8%89#top"
    with app.test_request_context("/needs?page=&back=/y"):
        assert list_address() == "/needs?page="
    with app.test_request_context("/needs?back=/needs"):
        assert list_address() is None
    with app.test_request_context("/needs/3?back=%2Fneeds%3Fpage%3D2"):
        assert back_to("needs.index") == back_url("needs.index") == "/needs?page=2"
        assert back_to("registry.residents") is None
        assert back_url("registry.residents") == "/residents"
    with app.test_request_context("/needs/3?back=/needs?q=张"):
        assert back_url("needs.index") == "/needs"
