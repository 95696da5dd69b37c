"""Matchmaker 助残志愿与爱心对接平台: the application factory."""

import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from .config import PROJECT_ROOT, Config
from .core.types import MAX_ID
from .extensions import babel, csrf, db, login_manager, migrate

#: Domain blueprints, in the order of the lifecycle (DESIGN §3).
BLUEPRINTS = (
    "matchmaker.core.views",
    "matchmaker.accounts.views",
    "matchmaker.accounts.admin_views",
    "matchmaker.accounts.place_views",
    "matchmaker.core.audit_views",
    "matchmaker.registry.views",
    "matchmaker.registry.need_views",
    "matchmaker.registry.status_views",
    "matchmaker.registry.need_edit_views",
    "matchmaker.recruit.views",
    "matchmaker.recruit.status_views",
    "matchmaker.recruit.catalogue_views",
    "matchmaker.match.views",
    "matchmaker.recruit.roster_views",
    "matchmaker.registry.roster_views",
    "matchmaker.wishes.views",
    "matchmaker.wishes.manage_views",
    "matchmaker.train.views",
    "matchmaker.train.staff_views",
    "matchmaker.supervise.views",
    "matchmaker.supervise.action_views",
    "matchmaker.reward.views",
    "matchmaker.notify.views",
    "matchmaker.scheduler.views",
    "matchmaker.board.views",
    "matchmaker.offers.views",
    "matchmaker.reports.views",
)

SECRET_KEY_FILE = "secret_key"


def default_instance_path() -> str:
    return os.environ.get("MATCHMAKER_INSTANCE_PATH") or str(PROJECT_ROOT / "instance")


class RowIdConverter(IntegerConverter):
    """``<int:...>`` in our routes names a row: a number past PostgreSQL's integer is no match
    (a 404), not a database error (a 500)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def create_app(config=None) -> Flask:
    """Build the app. ``config`` is a config class or a mapping of overrides."""
    app = Flask(
        __name__,
        instance_path=default_instance_path(),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.url_map.converters["int"] = RowIdConverter
    from .core.requests import NulFreeRequest, clean_path_values

    app.request_class = NulFreeRequest
    app.url_value_preprocessor(clean_path_values)
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    _fill_defaults(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    from .core.i18n import select_locale

    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    if app.config["TRUSTED_PROXIES"]:
        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    from . import models  # noqa: F401 - every table known to the metadata and Alembic
    from .core.errors import register_error_handlers
    from .core.safety import set_security_headers
    from .core.templating import register_template_helpers

    for module_name in BLUEPRINTS:
        module = __import__(module_name, fromlist=["bp"])
        app.register_blueprint(module.bp)
    register_error_handlers(app)
    register_template_helpers(app)
    app.after_request(set_security_headers)
    from .commands import register_commands

    register_commands(app)
    return app


def _fill_defaults(app: Flask) -> None:
    """Settings from the environment and the instance folder, read (never written) here."""
    for key, variable in (
        ("SECRET_KEY", "MATCHMAKER_SECRET_KEY"),
        ("SQLALCHEMY_DATABASE_URI", "MATCHMAKER_DATABASE_URL"),
    ):
        if not app.config.get(key) and os.environ.get(variable):
            app.config[key] = os.environ[variable]
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        # As in Flask's tutorial: the folder must exist for SQLite to create its file.
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        path = Path(app.instance_path) / "matchmaker.db"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    if not app.config.get("SECRET_KEY"):
        key_file = Path(app.instance_path) / SECRET_KEY_FILE
        if key_file.is_file():
            app.config["SECRET_KEY"] = key_file.read_text().strip()
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # SQLite waits for a writer instead of failing at once; no pre-ping needed.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 30}}
