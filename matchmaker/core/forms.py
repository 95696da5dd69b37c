"""The form every page's form is built on, and fields shared by several domains: the
availability grid, catalogue choices, the text filter every free-text field uses, and what
guards a text written for someone else."""

import re

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto, _is_submitted
from werkzeug.datastructures import CombinedMultiDict, ImmutableMultiDict
from wtforms import DateField, SelectMultipleField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.fields.simple import FileField
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import TextInput

from . import availability as av
from .pii import NoPhoneOrId
from .types import Gender, id_in_range


class SiteForm(FlaskForm):
    """A form that reads what a browser sends from the site's pages, and nothing else.

    Flask-WTF would also fill fields from a JSON body and from any uploaded file part, so a
    crafted request could hand a text field a number, a dict or a file, and its filters and
    validators (written for text) would fail with a 500. Here a field reads text from the
    form, and only a file field reads an upload; anything else arrives as if left empty.
    """

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            if formdata is not _Auto:
                return formdata
            if not _is_submitted():
                return None
            upload_names = {field.name for field in form if isinstance(field, FileField)}
            uploads = [
                (name, upload)
                for name, upload in request.files.items(multi=True)
                if name in upload_names
            ]
            if uploads:
                return CombinedMultiDict((ImmutableMultiDict(uploads), request.form))
            return request.form or None

        def render_field(self, field, render_kw):
            # a page holds several forms, and their hidden tokens would all be id="csrf_token"
            if field.type == "CSRFTokenField":
                render_kw = {"id": False, **render_kw}
            return super().render_field(field, render_kw)


DAY_LABELS = (
    _l("Monday"),
    _l("Tuesday"),
    _l("Wednesday"),
    _l("Thursday"),
    _l("Friday"),
    _l("Saturday"),
    _l("Sunday"),
)
PERIOD_LABELS = (_l("Morning"), _l("Afternoon"), _l("Evening"))
GENDER_LABELS = {Gender.FEMALE: _l("Female"), Gender.MALE: _l("Male")}

#: Dates are typed (GOV.UK's pattern): native pickers differ by browser and are hard to use
#: with a screen reader or the keyboard; these formats are all accepted.
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]
#: A phone's number pad may have no "-": eight digits in a row read as year, month, day.
COMPACT_DATE = re.compile(r"[0-9]{8}")
#: The hint is the pattern, not an example date that could pass for one already typed.
DATE_INPUT = {"inputmode": "numeric", "autocomplete": "off", "placeholder": _l("yyyy-mm-dd")}


class TypedDateField(DateField):
    """A date typed as text; a date that cannot be read gets our message, not WTForms'."""

    #: the years a date of this site's records falls in; year 1 or 9999 would overflow the
    #: conversion to the site's time zone, far from any visit, session or report
    YEARS = range(1900, 2101)

    def process_formdata(self, valuelist):
        typed = " ".join(valuelist).strip()
        if COMPACT_DATE.fullmatch(typed):  # other runs of digits ("2026126") match no format
            valuelist = [f"{typed[:4]}-{typed[4:6]}-{typed[6:]}"]
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Write the date as year-month-day, e.g. 2026-11-20.")) from None
        if self.data is not None and self.data.year not in self.YEARS:
            self.data = None
            raise ValueError(_l("Enter a date between the years 1900 and 2100."))


def date_field(label, message=None, description=None):
    """A typed date; required with ``message``, else optional (empty is None)."""
    return TypedDateField(
        label,
        format=DATE_FORMATS,
        widget=TextInput(),
        render_kw=DATE_INPUT,
        description=description,
        validators=[InputRequired(message) if message else Optional()],
    )


#: Times are typed, as dates are (``date_field``): a browser's time picker may show a
#: 12-hour AM/PM dial, and some cannot be typed into with a screen reader; these formats
#: are all accepted.
TIME_FORMATS = ["%H:%M", "%H：%M", "%H.%M"]
TIME_INPUT = {"inputmode": "numeric", "autocomplete": "off", "placeholder": _l("hh:mm")}
#: Minutes take two digits: strptime alone reads "1.5" (one and a half hours?) as 01:05.
TWO_DIGIT_MINUTES = re.compile(r"[0-9]{1,2}[:：.][0-9]{2}")
#: A phone's number pad may have no ":": "930", "0930" and "1000" are 09:30 and 10:00, and
#: "9" or "14" a whole hour.
DIGITS_ONLY = re.compile(r"[0-9]{1,4}")


class TypedTimeField(TimeField):
    """A time typed as text; a time that cannot be read gets our message, not WTForms'."""

    def process_formdata(self, valuelist):
        typed = " ".join(valuelist).strip()
        if DIGITS_ONLY.fullmatch(typed):
            hours, minutes = (typed, "00") if len(typed) <= 2 else (typed[:-2], typed[-2:])
            typed = f"{hours}:{minutes}"
        try:
            if typed and not TWO_DIGIT_MINUTES.fullmatch(typed):
                raise ValueError(typed)
            super().process_formdata([typed] if typed else valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_l("Write the time as hours:minutes, e.g. 09:30.")) from None


def time_field(label, message):
    """A typed, required time (hours and minutes); ``message`` asks for it when left empty."""
    return TypedTimeField(
        label,
        format=TIME_FORMATS,
        widget=TextInput(),
        render_kw=TIME_INPUT,
        validators=[InputRequired(message)],
    )


#: Hints under the texts another person reads (DESIGN §8): a donor is not told who the resident
#: is, and a volunteer sees a resident's contact details only while their pairing is active.
DONOR_READS = _l(
    "The donor reads this. Leave out the resident’s full name, address, phone, ID number "
    "and health."
)
#: The same hint for the resident writing about themselves (their thanks to a donor).
DONOR_READS_YOURS = _l(
    "The donor reads this. Leave out your full name, address, phone, ID number and health."
)
VOLUNTEER_READS = _l(
    "The volunteer reads this. Leave out phone and ID numbers, addresses and health details."
)
PAIRING_READS = _l(
    "The volunteer and the resident read this. Leave out phone and ID numbers, addresses and "
    "health details."
)
#: The same readers' checks: a phone or ID number is refused, named so it can be found.
NO_NUMBERS_FOR_DONOR = NoPhoneOrId(
    _l("The donor reads this: take out the phone or ID number (%(numbers)s).")
)
NO_NUMBERS_FOR_VOLUNTEER = NoPhoneOrId(
    _l("The volunteer reads this: take out the phone or ID number (%(numbers)s).")
)
NO_NUMBERS_FOR_PAIRING = NoPhoneOrId(
    _l("The volunteer and the resident read this: take out the phone or ID number (%(numbers)s).")
)


#: The first option of a select where nothing may be chosen for the user: a community, a
#: record or a category picked by default sends a person's data to the wrong place unseen.
CHOOSE = _l("Choose…")


def with_placeholder(choices) -> list:
    """``choices`` after an empty first option (InputRequired then asks for a choice)."""
    return [SelectChoice("", CHOOSE), *choices]


def optional_int(value):
    """The coerce of a select of ids with an empty first option: "" is None, not an error;
    a number no row can have is refused as a word would be."""
    if value in ("", None):
        return None
    number = id_in_range(int(value))
    if number is None:
        raise ValueError(value)
    return number


def strip_text(value):
    """Trim (NUL characters are already out of what a request sends: ``core.requests``)."""
    return value.strip() if isinstance(value, str) else value


#: a value the page never offered (only a crafted request sends one), in the reader's language
NOT_IN_LIST = _l("Choose only from the options listed.")


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (the ``checkboxes`` macro renders them in a fieldset).

    A value not among them is refused in the site's words: WTForms' own ("'9' are not valid
    choices for this field") has no Chinese.
    """

    type = "MultiCheckboxField"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("invalid_choice_message", NOT_IN_LIST)
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:  # a value its coerce cannot read (a word for an id)
            raise ValueError(NOT_IN_LIST) from None


class AvailabilityField(SelectMultipleField):
    """The 7 × 3 weekly grid; ``data`` is the 21-slot bit mask (DESIGN §12).

    Rendered by the ``availability_grid`` macro as a table of labelled checkboxes, so it
    works with Tab/Space and a screen reader announces "Tuesday, Morning".
    """

    type = "AvailabilityField"

    def __init__(self, label=None, validators=None, **kwargs):
        choices = [SelectChoice(av.slot_key(slot), av.slot_key(slot)) for slot in range(av.SLOTS)]
        super().__init__(label, validators, choices=choices, coerce=str, **kwargs)

    def process_data(self, value):
        self.data = av.slots_from_mask(value or 0)

    def process_formdata(self, valuelist):
        slots = []
        for key in valuelist:
            try:
                slots.append(av.slot_from_key(key))
            except ValueError:
                raise ValueError(self.gettext("Not a valid choice.")) from None
        self.data = slots

    def pre_validate(self, form):
        pass  # every key was checked while parsing

    @property
    def mask(self) -> int:
        return av.mask_from_slots(self.data or [])

    def checked(self, day: int, period: int) -> bool:
        return av.slot_index(day, period) in (self.data or [])

    def grid(self):
        """Rows of (day label, [(input id, value, period label, checked)])."""
        return [
            (
                DAY_LABELS[day],
                [
                    (
                        f"{self.id}-{av.slot_key(av.slot_index(day, p))}",
                        av.slot_key(av.slot_index(day, p)),
                        PERIOD_LABELS[p],
                        self.checked(day, p),
                    )
                    for p in range(av.PERIODS)
                ],
            )
            for day in range(av.DAYS)
        ]


def with_held(active: list, held) -> list:
    """The active catalogue entries, then those a record ``held`` already that are no longer
    active: offered (ticked) on its form, so that saving it keeps them."""
    return active + [entry for entry in held if entry not in active]


def catalogue_choices(entries, locale: str) -> list[SelectChoice]:
    """Choices from a catalogue (skills, languages), labelled in the reader's language."""
    return [SelectChoice(str(e.id), e.label(locale)) for e in entries]
