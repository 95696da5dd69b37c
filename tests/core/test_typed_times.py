"""The typed time field every form with a time of day uses (visit logs, training sessions)."""

from datetime import time

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form

from matchmaker.core import forms as core_forms
from matchmaker.supervise import forms as supervise_forms
from matchmaker.train import forms as train_forms


class _TimeForm(Form):
    at = core_forms.time_field("At", "Enter the time.")


def test_one_typed_time_field_serves_every_form():
    assert supervise_forms.time_field is core_forms.time_field
    assert not hasattr(supervise_forms, "TypedTimeField")
    for form, names in (
        (supervise_forms.LogForm, ("start_time", "end_time")),
        (train_forms.SessionForm, ("starts", "ends")),
    ):
        for name in names:
            assert getattr(form, name).field_class is core_forms.TypedTimeField, name


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("0930", time(9, 30)),
        ("930", time(9, 30)),
        ("9", time(9, 0)),
        ("14", time(14, 0)),
        ("09:30", time(9, 30)),
        ("9：30", time(9, 30)),
        ("9.30", time(9, 30)),
        (" 16:00 ", time(16, 0)),
    ],
)
def test_a_time_is_read_as_people_type_it(app, typed, read):
    with app.test_request_context():
        form = _TimeForm(MultiDict({"at": typed}))
        assert form.validate(), form.errors
        assert form.at.data == read


@pytest.mark.parametrize("typed", ["1.5", "25:00", "12345", "9:3", "noon"])
def test_a_time_that_cannot_be_read_gets_our_message(app, typed):
    with app.test_request_context():
        form = _TimeForm(MultiDict({"at": typed}))
        assert not form.validate()
        assert [str(e) for e in form.at.errors] == ["请按“时:分”填写时间，例如 09:30。"]
        assert f'value="{typed}"' in form.at()  # given back as typed, to be corrected


def test_a_saved_time_is_shown_as_hours_and_minutes(app):
    with app.test_request_context():
        box = _TimeForm(data={"at": time(14, 5, 30)}).at()
    assert 'value="14:05"' in box and 'type="text"' in box
