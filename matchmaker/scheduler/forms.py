from flask_wtf import FlaskForm


class RunNowForm(FlaskForm):
    """The "run now" button: CSRF only."""
