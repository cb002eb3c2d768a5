"""Safety: flare-ups in a recent window."""

import datetime as dt

from rehab.gates.types import result


def no_flare(c, state):
    earliest = state.today - dt.timedelta(days=c.days - 1)
    recent = sorted(d for d in state.flare_dates if earliest <= d <= state.today)
    if recent:
        return result(c, state, False, len(recent), 0, f"a flare-up on {recent[-1]:%d %b}")
    return result(c, state, True, 0, 0, f"no flare-up in the last {c.days} days")
