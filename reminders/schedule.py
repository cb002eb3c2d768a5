"""When a reminder is due, from the patient's own clock. Pure: no database, no Django.

A reminder is due from its local time for CATCH_UP, outside quiet hours. So a run of the
beat task every few minutes sends it on the first run after the time, and one missed
run (a restart, a slow queue) does not lose the day; a reminder set for inside quiet
hours goes out when they end, if that is within the catch-up window.
"""

import datetime as dt
import math

CATCH_UP = dt.timedelta(hours=3)


def in_quiet_hours(moment: dt.time, start: dt.time | None, end: dt.time | None) -> bool:
    """Quiet hours may run over midnight (22:00-07:00); start == end means none."""
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def is_due(
    *,
    at: dt.time,
    local_now: dt.datetime,
    quiet_start: dt.time | None = None,
    quiet_end: dt.time | None = None,
) -> bool:
    """True when `at` on local_now's date has passed by less than CATCH_UP and local_now
    is outside quiet hours. Wall-clock times: a DST jump moves the reminder with the clock."""
    scheduled = dt.datetime.combine(local_now.date(), at)
    wall = local_now.replace(tzinfo=None)
    if not scheduled <= wall < scheduled + CATCH_UP:
        return False
    return not in_quiet_hours(wall.time(), quiet_start, quiet_end)


def default_session_days(sessions_per_week: float) -> list[int]:
    """Spread a prescription's sessions over the week (0 = Monday): 3 -> Mon, Wed, Fri."""
    count = min(7, max(1, math.ceil(sessions_per_week)))
    return [i * 7 // count for i in range(count)]
