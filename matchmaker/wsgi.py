"""The production entry point: ``gunicorn 'matchmaker.wsgi:app'``.

Refuses to start without a configured secret key: a key made up per worker would log
everyone out at every restart and differ between workers.
"""

from . import create_app


class MissingSecretKey(RuntimeError):
    pass


def build() -> object:
    application = create_app()
    if not application.config.get("SECRET_KEY"):
        raise MissingSecretKey(
            "No secret key configured. Set MATCHMAKER_SECRET_KEY (e.g. from "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`) or put one in "
            f"{application.instance_path}/secret_key, then start again."
        )
    return application


app = build()
