"""Notifications (DESIGN §6): an in-app inbox and, where SMTP is configured, e-mail."""
