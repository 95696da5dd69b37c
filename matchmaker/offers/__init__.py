"""Donors' offers (爱心供给): goods, services, funds and jobs."""
