from ..core.forms import SiteForm


class RunNowForm(SiteForm):
    """The "run now" button: CSRF only."""
