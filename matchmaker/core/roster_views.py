"""Staff pages to import a roster: template, upload, preview with every problem, commit.

One blueprint per kind is built here (volunteers in recruit.roster_views, residents in
registry.roster_views). The upload waits between preview and commit as a file under
``instance/imports/``; only a random token travels in the form, and the commit checks the
file again, since the database may have changed in between.
"""

import json
import os
import re
import secrets
import time
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileAllowed, FileField, FileRequired
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import HiddenField
from wtforms.validators import DataRequired, Regexp

from ..accounts.models import Role
from ..accounts.permissions import roles_required
from ..extensions import db
from .errors import MESSAGES
from .forms import SiteForm
from .rosters import RosterCheck, RosterKind, check_roster, import_roster
from .spreadsheets import EXTENSIONS, SpreadsheetError, extension_of, xlsx_download

#: Rows shown in the preview; the count says how many there are in all.
PREVIEW_ROWS = 20
#: A file with more problems than this has a deeper fault; the rest show after a fix.
MAX_PROBLEMS_SHOWN = 1000
#: Uploads left waiting longer than this are deleted (they hold personal data).
KEEP_SECONDS = 24 * 3600
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
STAFF = (Role.SOCIAL_WORKER, Role.ADMIN)


class RosterUploadForm(SiteForm):
    roster = FileField(
        _l("Roster file (.xlsx or .csv)"),
        description=_l(
            "Fill in the template, or a file with the same columns. At most 8 MB and "
            "20,000 rows; a CSV may be saved in UTF-8 or GBK."
        ),
        validators=[
            FileRequired(_l("Choose the roster file to upload.")),
            FileAllowed(list(EXTENSIONS), _l("Upload an .xlsx or .csv file.")),
        ],
    )


class RosterCommitForm(SiteForm):
    token = HiddenField(validators=[DataRequired(), Regexp(TOKEN)])


def import_blueprint(name: str, url_prefix: str, kind: RosterKind, texts: dict) -> Blueprint:
    """A blueprint with the import pages for ``kind``.

    :param texts: lazy strings ``title``, ``intro`` and ``after`` (what happens to the
        imported people); ``done`` (the flash) and ``button``, functions of the row count;
        and ``template_name``, the downloaded template's file name.
    """
    bp = Blueprint(name, __name__, url_prefix=url_prefix)

    def page(form=None, check: RosterCheck | None = None, status: int = 200):
        return render_template(
            "roster/import.html",
            form=form or RosterUploadForm(formdata=None),
            check=check,
            texts=texts,
            bp=name,
            max_shown=MAX_PROBLEMS_SHOWN,
        ), status

    @bp.route("")
    @roles_required(*STAFF)
    def index():
        return page()

    @bp.route("/template.xlsx")
    @roles_required(*STAFF)
    def template():
        return xlsx_download(kind.template(), texts["template_name"], f"{name}-template.xlsx")

    @bp.route("", methods=["POST"])
    @roles_required(*STAFF)
    def upload():
        form = RosterUploadForm()
        if not form.validate_on_submit():
            return page(form, status=422)
        upload = form.roster.data
        filename = _display_name(upload.filename)
        data = upload.read()
        try:
            check = check_roster(kind, data, filename, by=current_user)
        except SpreadsheetError as exc:
            form.roster.errors.append(exc.message)
            return page(form, status=422)
        if not check.ok:
            return page(form, check, status=422)
        token = _keep(data, filename, kind)
        return render_template(
            "roster/preview.html",
            check=check,
            rows=check.rows[:PREVIEW_ROWS],
            kind=kind,
            texts=texts,
            bp=name,
            form=RosterCommitForm(formdata=None, token=token),
        )

    @bp.route("/commit", methods=["POST"])
    @roles_required(*STAFF)
    def commit():
        form = RosterCommitForm()
        if not form.validate_on_submit():
            abort(400)
        token = form.token.data
        check = _recheck(token, kind)  # the database may have changed since the preview
        if check is None:
            flash(_("That upload has expired or was already imported. Upload it again."), "error")
            return redirect(url_for(f"{name}.index"))
        if check.ok:
            try:
                count = import_roster(kind, check, by=current_user)
                db.session.commit()
            except IntegrityError:  # the same phone or ID number saved a moment ago
                db.session.rollback()
                check = _recheck(token, kind)
            else:
                _forget(token)
                flash(texts["done"](count), "success")
                return redirect(url_for(f"{name}.index"))
        _forget(token)
        if check is None or check.ok:
            flash(_("Nothing was imported: records changed meanwhile. Upload it again."), "error")
            return redirect(url_for(f"{name}.index"))
        return page(check=check, status=422)

    @bp.errorhandler(RequestEntityTooLarge)
    def too_large(error):
        form = RosterUploadForm(formdata=None)
        form.roster.errors = [MESSAGES[413][1]]
        return page(form, status=413)

    return bp


def _display_name(filename: str | None) -> str:
    """The file's own name (no folders), for the page and the audit log."""
    return re.split(r"[\\/]", filename or "")[-1][:100] or "roster"


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _keep(data: bytes, filename: str, kind: RosterKind) -> str:
    """Keep an upload until it is committed; returns the token that names it."""
    folder = _folder()
    cutoff = time.time() - KEEP_SECONDS
    for old in folder.iterdir():
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except FileNotFoundError:  # another worker tidied it first
            pass
    token = secrets.token_urlsafe(24)
    meta = {"filename": filename, "kind": kind.name, "user_id": current_user.id}
    _write_private(folder / f"{token}.{extension_of(filename)}", data)
    _write_private(folder / f"{token}.json", json.dumps(meta, ensure_ascii=False).encode())
    return token


def _write_private(path: Path, data: bytes) -> None:
    """Only the app's own user may read it: rosters hold ID numbers and phone numbers."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _recheck(token: str, kind: RosterKind) -> RosterCheck | None:
    """Check the upload ``token`` names again; None if there is none (for this user)."""
    folder = _folder()
    try:
        meta = json.loads((folder / f"{token}.json").read_text("utf-8"))
        if meta["kind"] != kind.name or meta["user_id"] != current_user.id:
            return None
        data = (folder / f"{token}.{extension_of(meta['filename'])}").read_bytes()
        return check_roster(kind, data, meta["filename"], by=current_user)
    except (OSError, ValueError, KeyError, SpreadsheetError):
        return None


def _forget(token: str) -> None:
    for path in _folder().glob(f"{token}.*"):
        path.unlink(missing_ok=True)
