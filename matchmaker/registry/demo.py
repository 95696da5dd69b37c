"""Demo residents and their needs (filled in by the registry work)."""


def seed(rng) -> str:
    return "0 residents"
