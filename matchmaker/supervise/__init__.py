"""督导 Supervise: service logs, ratings, verification, supervision reviews, incidents."""
