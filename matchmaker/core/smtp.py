"""The connection to the SMTP server configured by ``MATCHMAKER_SMTP_*``."""

import smtplib


def connect(config) -> smtplib.SMTP:
    """An open, logged-in connection; raises ``OSError`` or ``smtplib.SMTPException``."""
    connection = smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=15)
    if config.get("SMTP_STARTTLS"):
        connection.starttls()
    if config.get("SMTP_USER"):
        connection.login(config["SMTP_USER"], config.get("SMTP_PASSWORD") or "")
    return connection
