"""What a confirmed pairing waits for before it is active (DESIGN §3.3), as its page says it:
the courses its volunteer still misses and, for its volunteer, the sessions they have booked."""

from dataclasses import dataclass, field
from datetime import datetime

from babel.lists import format_list

from ..match.models import Pairing, PairingStatus
from ..train.models import Enrolment
from ..train.services import missing_courses
from ..train.waiting import upcoming_bookings


@dataclass(frozen=True)
class TrainingWait:
    #: the missing courses, as a list in the reader's language
    courses: str
    #: (course name, the volunteer's place or waiting-list place at its soonest session)
    booked: list[tuple[str, Enrolment]] = field(default_factory=list)
    #: whether some missing course has no place booked (the volunteer still has to enrol)
    unbooked: bool = True


def training_wait(pairing: Pairing, locale: str, now: datetime) -> TrainingWait | None:
    """What ``pairing`` waits for, if it is confirmed and its volunteer misses a course."""
    if pairing.status is not PairingStatus.CONFIRMED:
        return None
    missing = missing_courses(pairing.volunteer, pairing.need)
    if not missing:
        return None
    places = upcoming_bookings([pairing.volunteer_id], now)
    booked = [
        (course.label(locale), places[(pairing.volunteer_id, course.id)])
        for course in missing
        if (pairing.volunteer_id, course.id) in places
    ]
    return TrainingWait(
        courses=format_list([c.label(locale) for c in missing], locale=locale),
        booked=booked,
        unbooked=len(booked) < len(missing),
    )
