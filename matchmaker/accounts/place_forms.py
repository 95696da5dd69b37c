"""Forms for the place list (admin)."""

from flask_babel import lazy_gettext as _l
from wtforms import FloatField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from ..core.forms import SiteForm, strip_text
from ..core.phones import PhoneNumber
from .forms import TOO_LONG
from .place_services import LAT_RANGE, LON_RANGE


def _within(bounds: tuple[float, float], message):
    """A range check that stays quiet when the value did not parse (that error is shown)."""

    def check(form, field):
        low, high = bounds
        if field.data is not None and not low <= field.data <= high:
            raise ValidationError(message % {"min": low, "max": high})

    return check


def place_name_field(label, required_message) -> StringField:
    return StringField(
        label, validators=[DataRequired(required_message), Length(max=50, message=TOO_LONG)]
    )


class DistrictForm(SiteForm):
    district_name = place_name_field(_l("District name"), _l("Enter the district's name."))


#: A handover place refused as a resident's home (place_services.ResidentHome); it says
#: nothing of whose home it is.
RESIDENT_HOME = _l(
    "This is a resident's home address. Enter a public place for handing over, such as the "
    "street's or community's service centre."
)


class HandoverForm(SiteForm):
    """Where donors hand over gifts in a street (admins on the places page, and the street's
    own social workers)."""

    handover_place = StringField(
        _l("Where donors hand over gifts"),
        description=_l(
            "The street's service centre and its opening hours, e.g. 北山街道残疾人之家, "
            "保俶路 10 号, weekdays 9:00–17:00. Only a donor who claimed a wish in this street "
            "sees it. Never a resident's home."
        ),
        filters=[strip_text],
        validators=[Length(max=200, message=TOO_LONG)],
    )
    handover_phone = StringField(
        _l("Service centre phone"),
        filters=[strip_text],
        validators=[
            Length(max=20, message=TOO_LONG),
            PhoneNumber(_l("Enter the centre's phone number, e.g. 0571-87654321.")),
        ],
    )


class StreetForm(HandoverForm):
    district = SelectField(
        _l("District"), coerce=int, validators=[InputRequired(_l("Choose a district."))]
    )
    street_name = place_name_field(_l("Street name"), _l("Enter the street's name."))

    def set_districts(self, districts) -> None:
        self.district.choices = [SelectChoice(d.id, d.name) for d in districts]


class CommunityForm(SiteForm):
    street = SelectField(
        _l("Street"), coerce=int, validators=[InputRequired(_l("Choose a street."))]
    )
    community_name = place_name_field(_l("Community name"), _l("Enter the community's name."))
    lat = FloatField(
        _l("Latitude of its centre"),
        description=_l("Degrees north, e.g. 30.2741. Distances are measured between centres."),
        validators=[
            InputRequired(_l("Enter a latitude as a number, e.g. 30.2741.")),
            _within(LAT_RANGE, _l("Latitude must be between %(min)s and %(max)s.")),
        ],
    )
    lon = FloatField(
        _l("Longitude of its centre"),
        description=_l("Degrees east, e.g. 120.1551."),
        validators=[
            InputRequired(_l("Enter a longitude as a number, e.g. 120.1551.")),
            _within(LON_RANGE, _l("Longitude must be between %(min)s and %(max)s.")),
        ],
    )

    def set_streets(self, streets) -> None:
        self.street.choices = [SelectChoice(s.id, f"{s.district.name} · {s.name}") for s in streets]
