"""Safety: flare-ups in a recent window."""

import datetime as dt

from protocols.words import Day, Words
from rehab.gates.types import result


def no_flare(c, state):
    earliest = state.today - dt.timedelta(days=c.days - 1)
    recent = sorted(d for d in state.flare_dates if earliest <= d <= state.today)
    if recent:
        words = Words("a flare-up on {day}", day=Day(recent[-1]))
        return result(c, state, False, len(recent), 0, words)
    return result(c, state, True, 0, 0, Words("no flare-up in the last {days} days", days=c.days))
