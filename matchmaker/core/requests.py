"""What a request brings in, with NUL characters taken out.

No one types a NUL (U+0000), but a crafted address or form can carry one, and PostgreSQL
refuses it in any text it stores or compares (a 500 where a 4xx or a page is owed). SQLite
takes it, so the site would behave differently by database. Taken out here, once, every
form field, query parameter and path part reads as the person could have typed it.
"""

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property

NUL = "\x00"


def _clean(value):
    return value.replace(NUL, "") if isinstance(value, str) else value


def _without_nul(data) -> ImmutableMultiDict:
    return ImmutableMultiDict((_clean(k), _clean(v)) for k, v in data.items(multi=True))


class NulFreeRequest(Request):
    @cached_property
    def args(self):
        return _without_nul(super().args)

    def _load_form_data(self) -> None:
        loaded = "form" in self.__dict__
        super()._load_form_data()
        if not loaded:
            self.__dict__["form"] = _without_nul(self.__dict__["form"])


def clean_path_values(_endpoint, values) -> None:
    """A ``url_value_preprocessor``: the string parts of the path (a certificate's code)."""
    for key, value in (values or {}).items():
        values[key] = _clean(value)
