"""培训 Train: courses, sessions, enrolment, and the training gate of pairings."""
