"""Error pages in the reader's language; a bad request is a 4xx with a clear message."""

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..extensions import db

MESSAGES = {
    400: (
        _l("Bad request"),
        _l("The request could not be understood. Please go back and try again."),
    ),
    403: (_l("Not allowed"), _l("Your account does not have access to this page.")),
    404: (
        _l("Page not found"),
        _l("There is no page at this address. Check it or start from the home page."),
    ),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    413: (_l("Too large"), _l("What you sent is too large. Files may be at most 8 MB.")),
    429: (_l("Too many requests"), _l("Please wait a moment and try again.")),
    500: (
        _l("Something went wrong"),
        _l(
            "An unexpected error happened on our side. Nothing you saved before was lost; "
            "please try again."
        ),
    ),
}

CSRF_MESSAGE = _l(
    "This form has expired or did not come from this site. Please go back, reload the page "
    "and send it again."
)


def render_error(code: int, message=None):
    title, default = MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])
    return render_template(
        "errors/error.html", code=code, title=title, message=message or default
    ), code


def register_error_handlers(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, CSRF_MESSAGE)

    @app.errorhandler(HTTPException)
    def http_error(error):
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected_error(error):
        db.session.rollback()
        app.logger.exception("unhandled error")
        return render_error(500)
