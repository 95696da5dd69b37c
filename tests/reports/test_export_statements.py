"""Each export sends as many SQL statements for 23 records as for 3: an export reads its
rows in a few queries, never one (or three) a row — a year of a district's visits is tens
of thousands of rows (bench/page_bench.py)."""

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from matchmaker.extensions import db
from matchmaker.reports.exports import EXPORTS
from tests.factories import (
    CommunityFactory,
    LanguageFactory,
    SkillFactory,
    UserFactory,
    VolunteerFactory,
)
from tests.queries import counting_statements
from tests.supervise.builders import TODAY, log_visit, make_pairing
from tests.wishes.conftest import make_wish

PERIOD = {"start": (TODAY - timedelta(days=60)).isoformat(), "end": TODAY.isoformat()}
KINDS = ("volunteers", "hours", "pairings", "wishes")
#: what an export may add for 20 more records: nothing a row, at most a statement or two
SLACK = 2


def add_records(community, worker, skills, languages):
    """A volunteer with skills and a language, and a pairing with a verified visit and a
    fulfilled wish whose donor is a new one: a row more in each of the four exports."""
    volunteer = VolunteerFactory(approved=True, community=community, skills=skills)
    volunteer.languages = languages
    db.session.commit()
    pairing = make_pairing(community=community, volunteer=volunteer)
    log_visit(pairing, TODAY - timedelta(days=2), verified_by=worker)
    make_wish("fulfilled", resident=pairing.need.resident, worker=worker)


def export(client, kind):
    """(statements sent, data rows) for one download of ``kind``."""
    with counting_statements() as sent:
        response = client.get("/reports/exports", query_string={"kind": kind, **PERIOD})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    rows = list(load_workbook(io.BytesIO(response.data)).active.values)
    return len(sent), len(rows) - 1


@pytest.mark.parametrize("role", ["social_worker", "admin"])
def test_no_export_sends_a_statement_a_row(client, login_as, role):
    community = CommunityFactory(name="文三社区")
    skills = [SkillFactory(name="手语"), SkillFactory(name="读报")]
    languages = [LanguageFactory(name="普通话")]
    checker = UserFactory(roles=["social_worker"], communities=[community])
    login_as(role, communities=[community] if role == "social_worker" else [])
    for _ in range(3):
        add_records(community, checker, skills, languages)
    for kind in KINDS:
        export(client, kind)  # warm up: anything the app reads once per process
    few = {kind: export(client, kind) for kind in KINDS}
    for _ in range(20):
        add_records(community, checker, skills, languages)
    many = {kind: export(client, kind) for kind in KINDS}
    for kind in KINDS:
        (few_sent, few_rows), (many_sent, many_rows) = few[kind], many[kind]
        assert many_rows == few_rows + 20, kind  # the count saw the new rows read
        assert many_sent <= few_sent + SLACK, f"{kind}: {few_sent} with 3 rows, {many_sent} with 23"


#: the roster reads its rows, its skills and its languages; the others one query each
QUERIES = {"volunteers": 3, "hours": 1, "pairings": 1, "wishes": 1}


@pytest.mark.parametrize("role", ["social_worker", "admin"])
@pytest.mark.parametrize("kind", KINDS)
def test_each_export_reads_its_rows_in_a_query_or_three(db, role, kind):
    """Columns, not objects: loading each row's volunteer, user, resident and their eager
    collections costs batches of queries (a step every 500 rows) and seconds a download."""
    community = CommunityFactory()
    checker = UserFactory(roles=["social_worker"], communities=[community])
    user = UserFactory(roles=[role], communities=[community] if role == "social_worker" else [])
    for _ in range(3):
        add_records(community, checker, [SkillFactory()], [LanguageFactory()])
    start, end = (date.fromisoformat(PERIOD[key]) for key in ("start", "end"))
    user.communities  # noqa: B018  the scope: read once a request, whatever the export
    with counting_statements() as sent:
        _headers, rows = EXPORTS[kind].rows(user, start, end)
        assert len(list(rows)) == 3
    assert len(sent) <= QUERIES[kind], sent
