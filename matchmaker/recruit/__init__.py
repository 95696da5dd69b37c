"""招募 Recruit: the skill and language catalogues, volunteers' applications and their review."""
