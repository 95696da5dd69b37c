"""`matchmaker train seed-courses`: load the standard course catalogue into a production install."""

import click
from flask.cli import AppGroup

train_group = AppGroup("train", help="The training course catalogue.")


@train_group.command("seed-courses")
def seed_courses_command():
    """Add the four standard courses (助残服务礼仪, 手语基础, 精神障碍沟通, 居家探访安全) that
    are not yet in the catalogue; running it again changes nothing."""
    from ..extensions import db
    from .catalogue import seed_standard_courses

    added = seed_standard_courses(by=None)
    db.session.commit()
    if added:
        click.echo(f"Added {len(added)} courses: " + "、".join(c.title for c in added))
    else:
        click.echo("The standard courses are already in the catalogue; nothing added.")
