"""Clinician measurements and physio checks. Pure Python."""

import datetime as dt

from protocols.words import Day, Words, gettext_noop
from rehab.gates.types import PatientState, result

MEASURE_WORDS = {
    "knee_flexion_lsi": gettext_noop("knee-bending strength vs your other leg"),
    "single_leg_bridge_reps": gettext_noop("single-leg bridges"),
    "single_leg_squat_reps": gettext_noop("pain-free single-leg squats"),
    "single_leg_balance_s": gettext_noop("single-leg balance"),
    "pain_free_walk_min": gettext_noop("pain-free brisk walk"),
    "phat": gettext_noop("PHAT score"),
    "visa_h": gettext_noop("VISA-H score"),
}


def _recent(state: PatientState, key: str, within_days: int | None):
    """The key's records oldest first (newest wins: date, then time entered). Without a
    window of its own a criterion reads from the start of the current phase and, after
    surgery, from the surgery date (PROTOCOLS.md 9.3, 9.4)."""
    if within_days:
        earliest = state.today - dt.timedelta(days=within_days - 1)
    else:
        earliest = max(state.phase_started_on, state.surgery_date or dt.date.min)
    rows = [m for m in state.measurements if m.key == key and earliest <= m.date <= state.today]
    return sorted(rows, key=lambda m: m.order)


def knee_flexion_lsi(state: PatientState, rows) -> float | None:
    """The latest LSI: recorded as a % (no side), or computed from both sides tested the
    same day with the same method (injured / uninjured x 100)."""
    for day in sorted({m.date for m in rows}, reverse=True):
        same_day = [m for m in rows if m.date == day]
        direct = [m.value for m in same_day if not m.side]
        if direct:
            return round(direct[-1], 1)
        for method in {m.method for m in same_day}:
            sides = {m.side: m.value for m in same_day if m.method == method}
            injured = sides.get(state.injured_side)
            other = sides.get("right" if state.injured_side == "left" else "left")
            if injured is not None and other:
                return round(injured / other * 100, 1)
    return None


def measurement(c, state):
    rows = _recent(state, c.key, c.within_days)
    words_key = Words(MEASURE_WORDS.get(c.key, c.key.replace("_", " ")))
    span = Words(" in the last {days} days", days=c.within_days) if c.within_days else ""
    if c.min is None:
        if rows:
            words = Words("{measure} recorded on {day}", measure=words_key, day=Day(rows[-1].date))
            return result(c, state, True, rows[-1].value, "recorded", words)
        words = Words("no {measure} recorded{span}", measure=words_key, span=span)
        return result(c, state, False, None, "recorded", words)
    if c.key == "knee_flexion_lsi":
        value = knee_flexion_lsi(state, rows)
        if value is None:
            return result(
                c,
                state,
                False,
                None,
                f">= {c.min:g}",
                Words("no strength test of both legs{span}", span=span),
                enough=False,
            )
        words = Words(
            "{measure} is {value}; the goal is {goal}",
            measure=words_key,
            value=f"{value:g}%",
            goal=f"{c.min:g}%",
        )
        return result(c, state, value >= c.min, value, f">= {c.min:g}", words)
    if c.both_sides:
        latest = {m.side: m.value for m in rows if m.side}
        if set(latest) != {"left", "right"}:
            return result(
                c,
                state,
                False,
                None,
                f">= {c.min:g} each side",
                Words("{measure} not yet tested on both sides{span}", measure=words_key, span=span),
                enough=False,
            )
        low = min(latest.values())
        words = Words(
            "{measure}: left {left:g}, right {right:g}; the goal is {min:g} each side",
            measure=words_key,
            left=latest["left"],
            right=latest["right"],
            min=c.min,
        )
        return result(c, state, low >= c.min, low, f">= {c.min:g} each side", words)
    rows = [m for m in rows if m.side in ("", state.injured_side)]  # the injured side's
    if not rows:
        words = Words("no {measure} recorded{span}", measure=words_key, span=span)
        return result(c, state, False, None, f">= {c.min:g}", words, enough=False)
    value = rows[-1].value
    words = Words(
        "{measure} was {value:g} on {day}; the goal is {min:g}",
        measure=words_key,
        value=value,
        day=Day(rows[-1].date),
        min=c.min,
    )
    return result(c, state, value >= c.min, value, f">= {c.min:g}", words)


def physio_check(c, state):
    rows = _recent(state, c.key, None)
    if not rows:
        words = Words("your physio has not checked this yet")
        return result(c, state, False, None, "yes", words)
    yes = rows[-1].value >= 1
    day = Day(rows[-1].date)
    if yes:
        words = Words("your physio confirmed this on {day}", day=day)
    else:
        words = Words("your physio has not yet confirmed this on {day}", day=day)
    return result(c, state, yes, "yes" if yes else "no", "yes", words)
