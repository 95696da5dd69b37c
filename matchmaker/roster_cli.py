"""`matchmaker import volunteers FILE` and `matchmaker import residents FILE`.

The same check and import as the staff pages: every problem is printed as
"第 N 行 「列名」: message" and nothing is saved unless the whole file is right.
"""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale


@click.group("import")
def import_group():
    """Import a roster of volunteers or residents from an .xlsx or .csv file."""


def _roster_command(name: str, kind_path: str, noun: str):
    @import_group.command(name, help=f"Import {noun} from FILE (.xlsx, or .csv in UTF-8 or GBK).")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option(
        "--by",
        "by_login",
        metavar="LOGIN",
        help="Login of the staff member recorded as having imported the file "
        "(a social worker may only import into their communities).",
    )
    @click.option("--dry-run", is_flag=True, help="Check the file and print problems only.")
    @with_appcontext
    def command(file: Path, by_login: str | None, dry_run: bool):
        module, attribute = kind_path.rsplit(".", 1)
        kind = getattr(__import__(module, fromlist=[attribute]), attribute)
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            _run(kind, file, by_login, dry_run, noun)

    return command


def _run(kind, file: Path, by_login: str | None, dry_run: bool, noun: str) -> None:
    from .accounts.permissions import is_staff
    from .accounts.services import find_user_by_login
    from .core.rosters import check_roster, import_roster
    from .core.spreadsheets import SpreadsheetError
    from .extensions import db

    by = None
    if by_login:
        by = find_user_by_login(_normalised(by_login))
        if by is None or not is_staff(by):
            raise click.BadParameter(
                "no social worker or admin logs in with that", param_hint="--by"
            )
    try:
        check = check_roster(kind, file.read_bytes(), file.name, by=by)
    except SpreadsheetError as exc:
        raise click.ClickException(str(exc.message)) from exc
    for problem in check.problems:
        click.echo(str(problem), err=True)
    if check.problems:
        click.echo(f"{file.name}: {len(check.problems)} problem(s); nothing imported.", err=True)
        raise SystemExit(1)
    if dry_run:
        click.echo(
            f"{file.name}: {len(check.rows)} {noun} ready to import; nothing saved (--dry-run)."
        )
        return
    count = import_roster(kind, check, by=by)
    db.session.commit()
    click.echo(f"{file.name}: imported {count} {noun}.")


def _normalised(login: str) -> str:
    from .accounts.logins import LoginFormatError, normalise_login

    try:
        return normalise_login(login)[1]
    except LoginFormatError:
        return login.strip().lower()


volunteers = _roster_command(
    "volunteers", "matchmaker.recruit.roster.VOLUNTEER_ROSTER", "volunteers"
)
residents = _roster_command("residents", "matchmaker.registry.roster.RESIDENT_ROSTER", "residents")
