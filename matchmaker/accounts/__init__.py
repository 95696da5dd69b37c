"""Accounts: users and their roles, login and its throttle, places, staff assignments."""
