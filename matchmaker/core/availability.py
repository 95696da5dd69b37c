"""The weekly availability grid (DESIGN §12), shared by forms, imports, the engine and the pool.

21 slots: slot index = day × 3 + period; day 0 = Monday … 6 = Sunday; period 0 = morning,
1 = afternoon, 2 = evening. A set of slots is stored as an integer bit mask (bit i = slot i).
Free of Flask so the matching engine can use it.
"""

from collections.abc import Iterable

DAYS = 7
PERIODS = 3
SLOTS = DAYS * PERIODS
FULL_WEEK = (1 << SLOTS) - 1

DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PERIOD_KEYS = ("morning", "afternoon", "evening")
DAY_NAMES_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
PERIOD_NAMES_ZH = ("上午", "下午", "晚上")


def slot_index(day: int, period: int) -> int:
    """:raises ValueError: for a day outside 0–6 or a period outside 0–2."""
    if not (0 <= day < DAYS and 0 <= period < PERIODS):
        raise ValueError(f"no slot for day {day}, period {period}")
    return day * PERIODS + period


def day_and_period(slot: int) -> tuple[int, int]:
    if not 0 <= slot < SLOTS:
        raise ValueError(f"no slot {slot}")
    return divmod(slot, PERIODS)


def mask_from_slots(slots: Iterable[int]) -> int:
    mask = 0
    for slot in slots:
        day_and_period(slot)  # validates
        mask |= 1 << slot
    return mask


def slots_from_mask(mask: int) -> list[int]:
    if not 0 <= mask <= FULL_WEEK:
        raise ValueError(f"not an availability mask: {mask}")
    return [slot for slot in range(SLOTS) if mask >> slot & 1]


def overlap(a: int, b: int) -> int:
    """The slots free in both masks."""
    return a & b


def count(mask: int) -> int:
    return (mask & FULL_WEEK).bit_count()


def slot_key(slot: int) -> str:
    """A stable form-field value for a slot, e.g. "tue-morning"."""
    day, period = day_and_period(slot)
    return f"{DAY_KEYS[day]}-{PERIOD_KEYS[period]}"


def slot_from_key(key: str) -> int:
    """The slot a form value such as "tue-morning" names. :raises ValueError: if none."""
    try:
        day_key, period_key = key.split("-")
        return slot_index(DAY_KEYS.index(day_key), PERIOD_KEYS.index(period_key))
    except ValueError:
        raise ValueError(f"not a time slot: {key!r}") from None


def parse_zh(text: str) -> int:
    """Read slots written the way rosters write them: "周二上午、周四下午" or "周六全天".

    Accepts 周一…周日 (also 星期一…星期日 and 周末), 上午/下午/晚上 and 全天.
    :raises ValueError: naming the part it could not read.
    """
    mask = 0
    normalised = text.replace("星期", "周").replace("周天", "周日")
    for part in filter(None, (p.strip() for p in _split(normalised))):
        days = _days_in(part)
        periods = [i for i, name in enumerate(PERIOD_NAMES_ZH) if name in part]
        if "全天" in part or not periods:
            if "全天" not in part:
                raise ValueError(part)
            periods = list(range(PERIODS))
        for day in days:
            for period in periods:
                mask |= 1 << slot_index(day, period)
    return mask


def _split(text: str) -> list[str]:
    for separator in "，,；;/ 　":
        text = text.replace(separator, "、")
    return text.split("、")


def _days_in(part: str) -> list[int]:
    if part.startswith("周末"):
        return [5, 6]
    if part.startswith("工作日"):
        return [0, 1, 2, 3, 4]
    days = [i for i, name in enumerate(DAY_NAMES_ZH) if part.startswith(name)]
    if not days:
        raise ValueError(part)
    return days


def describe_zh(mask: int) -> str:
    """E.g. "周二上午、周四上午"; the words social workers read in explanations."""
    return "、".join(
        DAY_NAMES_ZH[d] + PERIOD_NAMES_ZH[p] for d, p in map(day_and_period, slots_from_mask(mask))
    )
