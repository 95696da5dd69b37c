"""Scheduled jobs (DESIGN §6): the schedule as data, one firing per trigger across processes."""
