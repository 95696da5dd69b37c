"""Checks shared by the tests of decision notices: who was told, what they read, and that the
text (which is e-mailed too) gives nothing away about a resident."""

from flask_babel import force_locale
from sqlalchemy import select, update

from matchmaker.extensions import db
from matchmaker.notify.kinds import render
from matchmaker.notify.models import Notification
from matchmaker.registry.labels import CATEGORY_LABELS


def notices() -> list[Notification]:
    """Every notification written, oldest first."""
    return list(db.session.scalars(select(Notification).order_by(Notification.id)))


def kinds_of(user) -> list[str]:
    return [n.kind for n in notices() if n.user_id == user.id]


def only_notice(kind: str) -> Notification:
    """The one notification of ``kind``; fails if there are none or several."""
    [notice] = [n for n in notices() if n.kind == kind]
    return notice


def text_in(notice: Notification, locale: str) -> str:
    with force_locale(locale):
        return render(notice)


def assert_names_no_resident(notice: Notification, resident) -> None:
    """Neither the stored parameters nor the text in either language name the resident,
    their contact details or their disability (DESIGN §8)."""
    secrets = [resident.name, resident.phone, resident.address, resident.id_number]
    with force_locale("zh"):
        secrets.append(str(CATEGORY_LABELS[resident.disability_category]))
    with force_locale("en"):
        secrets.append(str(CATEGORY_LABELS[resident.disability_category]))
    texts = [text_in(notice, "zh"), text_in(notice, "en")]
    shown = " ".join([str(notice.params), notice.link, *texts])
    assert not [s for s in secrets if s and s in shown], shown


def inbox_seen_by(client, auth, user) -> str:
    """The inbox page as ``user`` sees it (logged in afresh)."""
    auth.logout()
    assert auth.login(user.email).status_code == 302
    response = client.get("/inbox")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def decided_meanwhile(subject, state) -> None:
    """Another staff member's decision lands first: the stored state moves while the object
    in hand still shows the old one, as for the loser of a race."""
    model = type(subject)
    db.session.execute(
        update(model)
        .where(model.id == subject.id)
        .values(status=state)
        .execution_options(synchronize_session=False)
    )
