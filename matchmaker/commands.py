"""Commands that work on the app: create-admin, demo, import …, match …."""

import click
from flask.cli import with_appcontext


def register_commands(app) -> None:
    app.cli.add_command(create_admin)
    app.cli.add_command(demo_command)
    from .match.cli import match_group
    from .roster_cli import import_group

    app.cli.add_command(import_group)
    app.cli.add_command(match_group)
    from .train.cli import train_group

    app.cli.add_command(train_group)


@click.command("create-admin")
@with_appcontext
@click.option("--name", prompt=True, help="The administrator's name.")
@click.option("--login", prompt="Mobile number or e-mail", help="What they log in with.")
@click.password_option(help="Their password (asked twice if not given).")
def create_admin(name: str, login: str, password: str):
    """Create an administrator account (the bootstrap account of DESIGN §2)."""
    from .accounts.logins import LoginFormatError
    from .accounts.models import Role
    from .accounts.passwords import weakness
    from .accounts.services import LoginTaken, create_staff
    from .extensions import db

    reason = weakness(password, login)
    if reason:
        raise click.BadParameter(f"password too weak ({reason})", param_hint="password")
    try:
        user = create_staff(name=name, login=login, password=password, role=Role.ADMIN, by=None)
    except LoginFormatError as exc:
        raise click.BadParameter(
            "enter an 11-digit mobile number or an e-mail", param_hint="login"
        ) from exc
    except LoginTaken as exc:
        raise click.ClickException(f"an account already logs in with {exc}") from exc
    db.session.commit()
    click.echo(f"Administrator {user.name} created; log in with {user.login}.")


@click.command("demo")
@with_appcontext
def demo_command():
    """Seed demo data into an empty database (as `serve --demo` does)."""
    from .demo import seed_demo

    click.echo(seed_demo() or "Demo data already present; left as it is.")
