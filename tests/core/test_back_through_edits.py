"""A record's edit page keeps the list the record was opened from: its "Edit" link carries it,
the form keeps it (sent back with its errors too), its way back to the record and the record's
page after saving lead back to that list as it was. A "back" that is not that list's leads
to the plain list: never an open redirect."""

import html
import re
from html.parser import HTMLParser
from urllib.parse import quote, unquote

import pytest
from werkzeug.datastructures import MultiDict

from tests.core.test_back_links import SOCIAL_WORKER, _back_href, _first_row, _log_in, _page

#: (a filtered list, its rows' records, the record's "Edit" link, the edit page's way back,
#: the record's "Back to" label, a field that must not be empty)
EDITS = [
    (
        "/needs?status=open&sort=oldest",
        r"/needs/\d+",
        "Change this need",
        "Back to the need",
        "Back to needs",
        "service_type",
    ),
    (
        "/residents?status=active",
        r"/residents/\d+",
        "Edit record",
        "Back to the record",
        "Back to residents",
        "name",
    ),
    (
        "/wishes/review?status=submitted&q=",
        r"/wishes/\d+/manage",
        "Edit the wish",
        "Back to the wish",
        "Back to micro-wishes",
        "title",
    ),
]
IDS = ["need", "resident", "wish"]


class _EditForm(HTMLParser):
    """What a browser sends from the page's form that posts to the page itself (no action):
    its fields as they are filled in, file inputs and buttons left out."""

    def __init__(self, page: str):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._inside = False
        self._textarea = self._select = None
        self._options: list[tuple[str, bool]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method") == "post" and "action" not in a:
            self._inside = True
        if not self._inside:
            return
        kind = a.get("type", "text")
        if tag == "input" and "name" in a and kind not in ("file", "submit", "button"):
            if kind not in ("checkbox", "radio") or "checked" in a:
                self.fields.append((a["name"], a.get("value") or ""))
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
        elif tag == "select":
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select:
            self._options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False
        elif tag == "textarea" and self._textarea:
            name, text = self._textarea
            self.fields.append((name, text.removeprefix("\r\n").removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select:
            chosen = [v for v, selected in self._options if selected] or [self._options[0][0]]
            self.fields.append((self._select, chosen[0]))
            self._select = None

    def data(self, **changed) -> MultiDict:
        kept = [(k, v) for k, v in self.fields if k not in changed]
        return MultiDict(kept + list(changed.items()))


def _href(page: str, label: str) -> str:
    """The address of the page's links labelled ``label`` (one address, maybe a few links)."""
    found = re.findall(rf'href="([^"]*)"[^>]*>{re.escape(label)}<', page)
    assert len(set(found)) == 1, f"one address for “{label}” expected, found {found}"
    return html.unescape(found[0])


@pytest.fixture
def english(client):
    client.set_cookie("mm_locale", "en")
    return client


@pytest.mark.parametrize("listed, record, edit_label, to_record, label, required", EDITS, ids=IDS)
def test_an_edit_keeps_the_list_the_record_was_opened_from(
    english, demo, listed, record, edit_label, to_record, label, required
):
    client = english
    _log_in(client, SOCIAL_WORKER)
    row = _first_row(_page(client, listed), record)
    back = unquote(row.split("?back=")[1])
    assert back.split("#")[0] == listed
    edit = _href(_page(client, row), edit_label)
    assert edit.split("?")[0].endswith("/edit") and unquote(edit.split("?back=")[1]) == back

    page = _page(client, edit)
    assert _href(page, to_record) == row  # the way back to the record keeps the list
    original = _EditForm(page).data()
    assert original.get("back") == back
    # sent to the edit page's bare address, as the hidden field alone keeps the list
    bare = edit.split("?")[0]
    refused = client.post(bare, data=_EditForm(page).data(**{required: ""}))
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert _href(page, to_record) == row
    form = _EditForm(page)
    assert form.data().get("back") == back
    saved = client.post(bare, data=form.data(**{required: original[required]}))
    assert saved.status_code == 302 and saved.location == row
    assert _back_href(_page(client, saved.location), label) == back


@pytest.mark.parametrize("listed, record, edit_label, to_record, label, required", EDITS, ids=IDS)
def test_an_edit_with_a_foreign_back_leads_to_the_plain_list(
    english, demo, listed, record, edit_label, to_record, label, required
):
    client = english
    _log_in(client, SOCIAL_WORKER)
    plain = listed.split("?")[0]
    row = _first_row(_page(client, listed), record).split("?")[0]
    edit = _href(_page(client, row), edit_label)
    assert "?" not in edit  # a record opened from the plain list: its edit page's own address
    for foreign in (
        "https://evil.example" + listed,
        "//evil.example" + listed,
        "/login?next=" + listed,
        plain + "?q=\r\nSet-Cookie:x=1",
    ):
        page = _page(client, f"{edit}?back={quote(foreign, safe='')}")
        assert _href(page, to_record) == row, foreign
        form = _EditForm(page)
        assert "back" not in form.data()
        saved = client.post(edit, data=form.data(back=foreign))
        assert saved.status_code == 302 and saved.location == row, foreign
        assert _back_href(_page(client, row), label) == plain
