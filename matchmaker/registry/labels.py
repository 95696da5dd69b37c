"""How each registry state and category is named to readers, in their language."""

from flask_babel import lazy_gettext as _l

from ..core.forms import GENDER_LABELS
from .models import DisabilityCategory, NeedStatus, ResidentStatus, ServiceType, Urgency

CATEGORY_LABELS = {
    DisabilityCategory.VISUAL: _l("Visual"),
    DisabilityCategory.HEARING: _l("Hearing"),
    DisabilityCategory.SPEECH: _l("Speech"),
    DisabilityCategory.PHYSICAL: _l("Physical"),
    DisabilityCategory.INTELLECTUAL: _l("Intellectual"),
    DisabilityCategory.PSYCHOSOCIAL: _l("Psychosocial"),
    DisabilityCategory.MULTIPLE: _l("Multiple"),
}

#: 一级 is the most severe.
GRADE_LABELS = {
    1: _l("Grade 1 (most severe)"),
    2: _l("Grade 2"),
    3: _l("Grade 3"),
    4: _l("Grade 4 (mildest)"),
}

SERVICE_LABELS = {
    ServiceType.ESCORT: _l("Going out with someone (escort)"),
    ServiceType.HOME_VISIT: _l("Home visits and company"),
    ServiceType.REHABILITATION: _l("Help with rehabilitation exercises"),
    ServiceType.TUTORING: _l("Tutoring and homework help"),
    ServiceType.COUNSELLING: _l("Someone to talk to (counselling)"),
    ServiceType.ERRANDS: _l("Shopping and errands"),
    ServiceType.DIGITAL_SKILLS: _l("Learning to use a phone or computer"),
    ServiceType.LEGAL: _l("Legal advice"),
    ServiceType.REPAIRS: _l("Repairing household appliances"),
    ServiceType.HAIRCUT: _l("Haircut at home"),
    ServiceType.RECREATION: _l("Sports, culture and activities"),
    ServiceType.OTHER: _l("Something else"),
}

URGENCY_LABELS = {
    Urgency.NORMAL: _l("Normal"),
    Urgency.HIGH: _l("High"),
    Urgency.URGENT: _l("Urgent"),
}

#: As staff read them.
NEED_STATUS_LABELS = {
    NeedStatus.DRAFT: _l("Draft"),
    NeedStatus.SUBMITTED: _l("Awaiting review"),
    NeedStatus.OPEN: _l("Open"),
    NeedStatus.MATCHED: _l("Matched"),
    NeedStatus.CLOSED: _l("Closed"),
}

#: As the resident reads them, in plain words.
MY_NEED_STATUS_LABELS = {
    NeedStatus.DRAFT: _l("Being prepared by your social worker"),
    NeedStatus.SUBMITTED: _l("Sent; waiting for your social worker to check it"),
    NeedStatus.OPEN: _l("Checked; looking for a volunteer"),
    NeedStatus.MATCHED: _l("A volunteer has been found"),
    NeedStatus.CLOSED: _l("Closed"),
}

RESIDENT_STATUS_LABELS = {
    ResidentStatus.ACTIVE: _l("Active"),
    ResidentStatus.INACTIVE: _l("Inactive"),
}


def template_labels() -> dict:
    """The label tables, for the registry's templates."""
    return {
        "category_labels": CATEGORY_LABELS,
        "grade_labels": GRADE_LABELS,
        "service_labels": SERVICE_LABELS,
        "urgency_labels": URGENCY_LABELS,
        "need_status_labels": NEED_STATUS_LABELS,
        "my_need_status_labels": MY_NEED_STATUS_LABELS,
        "resident_status_labels": RESIDENT_STATUS_LABELS,
        "gender_labels": GENDER_LABELS,
        "need_state_names": {m.value: label for m, label in NEED_STATUS_LABELS.items()},
        "resident_state_names": {m.value: label for m, label in RESIDENT_STATUS_LABELS.items()},
    }
