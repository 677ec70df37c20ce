"""How big a scenario may be: one set of limits for the validator, the engine and the window.

The limits come from what this machine runs in bounded time and memory, measured with
`tests/test_limits.py` (a scenario generated at each limit, played by `simulate`, drawn by the
window and reported): a 20,000-hex map with 1,000 units over a year stays well under 1 GB per
process. The Channel ports scenario uses 2,600 hexes, 104 units and 33 days. Every number in a
scenario or ruleset must also be finite (the format models refuse `.inf` and `.nan`), and every
date lies between `FIRST_DATE` and `LAST_DATE`, so date arithmetic never leaves the calendar.
"""

from __future__ import annotations

import datetime as dt

SIDES = 2  # the rules set one attacker against one defender
MAX_MAP_HEXES = 20_000
MAX_UNITS = 1_000
MAX_CAMPAIGN_DAYS = 366
FIRST_DATE = dt.date(1000, 1, 1)
LAST_DATE = dt.date(2999, 12, 31)


def over_limits(*, hexes: int, units: int, days: int, sides: int) -> dict[str, str]:
    """What in a scenario of this size is over the limits: {'map'|'units'|'days'|'sides': why}."""
    problems: dict[str, str] = {}
    if hexes > MAX_MAP_HEXES:
        problems["map"] = (f"the map would have {hexes:,} hexes, over the limit of "
                           f"{MAX_MAP_HEXES:,}; use larger hexes or smaller bounds")
    if units > MAX_UNITS:
        problems["units"] = f"{units:,} units, over the limit of {MAX_UNITS:,}"
    if days > MAX_CAMPAIGN_DAYS:
        problems["days"] = (f"the campaign lasts {days:,} days, over the limit of "
                            f"{MAX_CAMPAIGN_DAYS:,}")
    if sides != SIDES:
        problems["sides"] = (f"a scenario has exactly {SIDES} sides (one attacker, one "
                             f"defender); this one has {sides}")
    return problems


def in_calendar(date: dt.date) -> bool:
    return FIRST_DATE <= date <= LAST_DATE
