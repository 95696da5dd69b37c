"""Counting the SQL statements a page sends: a list that reloads its rows one by one (an
N+1) shows as a count that grows with the rows, which a social worker feels as a slow page."""

from contextlib import contextmanager

from sqlalchemy import event

from matchmaker.extensions import db


@contextmanager
def counting_statements():
    """Yield a list that collects every statement sent to the database inside the block."""
    sent: list[str] = []

    def collect(_conn, _cursor, statement, *_args):
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", collect)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", collect)


def statements_for(client, path: str) -> int:
    """How many statements one GET of ``path`` sends (it must answer 200)."""
    with counting_statements() as sent:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(sent)
