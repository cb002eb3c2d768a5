"""Morning pain against the patient's own baseline: rises, settling after loading, and
the weekly mean (PROTOCOLS.md section 2). Pure Python."""

import datetime as dt
import statistics

from rehab.gates.checks.pain_windows import last_days, paused_by_injection
from rehab.gates.types import result

BASELINE_DAYS, BASELINE_MIN = 7, 4
WEEK, WEEK_MIN, RISING = 7, 4, 1.0


def morning_by_date(state) -> dict[dt.date, int]:
    return {x.date: x.pain_morning for x in state.checkins if x.pain_morning is not None}


def baseline(mornings: dict, day: dt.date) -> float | None:
    """Median morning pain of the 7 dates before `day` (excluded), from at least 4 check-ins."""
    values = [mornings[d] for k in range(1, BASELINE_DAYS + 1)
              if (d := day - dt.timedelta(days=k)) in mornings]  # fmt: skip
    return statistics.median(values) if len(values) >= BASELINE_MIN else None


def loading_days(state, after: str) -> set[dt.date]:
    records = state.runs if after == "run" else state.sessions
    return {r.date for r in records}


def morning_pain_rise(c, state):
    mornings = morning_by_date(state)
    loads = loading_days(state, "session") | loading_days(state, "run")
    worst, when = None, None
    for k in range(c.days):
        day = state.today - dt.timedelta(days=k)
        if day not in mornings or (c.after_loading and day - dt.timedelta(days=1) not in loads):
            continue
        base = baseline(mornings, day)
        if base is None:
            continue
        rise = mornings[day] - base
        if worst is None or rise > worst:
            worst, when = rise, day
    if worst is None:
        return result(
            c,
            state,
            False,
            None,
            f">= {c.up_by}",
            "no morning to compare with your usual level",
            enough=False,
        )  # noqa: E501
    words = f"morning pain on {when:%d %b} was {worst:+g} against your usual level"
    return result(c, state, worst >= c.up_by, worst, f">= {c.up_by}", words, on=when)


def morning_pain_settled(c, state):
    paused = paused_by_injection(c, state)
    if paused:
        return paused
    mornings = morning_by_date(state)
    start, _ = last_days(state, c.days)
    judged, risen, missing = 0, [], []
    for day in sorted(loading_days(state, c.after)):
        after = day + dt.timedelta(days=1)
        if day < start or after > state.today:
            continue  # outside the window, or its next morning has not come yet
        if after not in mornings:
            missing.append(day)
            continue
        base = baseline(mornings, after)
        if base is None:
            continue
        judged += 1
        if mornings[after] - base > c.max_rise:
            risen.append(after)
    if missing:
        words = f"no morning check-in after {len(missing)} loading day(s), e.g. {missing[-1]:%d %b}"
        return result(c, state, False, len(missing), 0, words)
    if judged == 0:
        return result(
            c, state, False, None, 0, "no loading day with a morning to compare yet", enough=False
        )  # noqa: E501
    if risen:
        words = f"morning pain rose after loading on {len(risen)} of {judged} days (e.g. {risen[-1]:%d %b})"  # noqa: E501
        return result(c, state, False, len(risen), 0, words)
    return result(c, state, True, 0, 0, f"morning pain settled after all {judged} loading days")


def weekly_means(state, weeks: int) -> list[float | None]:
    """Mean morning pain of each rolling week, newest first (None with under 4 check-ins)."""
    mornings = morning_by_date(state)
    means = []
    for w in range(weeks):
        end = state.today - dt.timedelta(days=WEEK * w)
        values = [mornings[d] for k in range(WEEK) if (d := end - dt.timedelta(days=k)) in mornings]
        means.append(statistics.fmean(values) if len(values) >= WEEK_MIN else None)
    return means


def weekly_mean_stable(c, state):
    paused = paused_by_injection(c, state)
    if paused:
        return paused
    this_week, last_week = weekly_means(state, 2)
    if this_week is None or last_week is None:
        return result(
            c,
            state,
            False,
            None,
            f"< {RISING:g}",
            "fewer than 4 morning check-ins in one of the last two weeks",
            enough=False,
        )  # noqa: E501
    change = round(this_week - last_week, 1)
    words = f"weekly average morning pain changed by {change:+g} (rising means +{RISING:g} or more)"
    return result(c, state, change < RISING, change, f"< {RISING:g}", words)


def weekly_mean_rising(c, state):
    means = weekly_means(state, c.weeks + 1)
    if any(m is None for m in means):
        return result(
            c, state, False, None, c.weeks, "not enough weeks of morning check-ins", enough=False
        )  # noqa: E501
    rises = [round(means[i] - means[i + 1], 1) for i in range(c.weeks)]
    met = all(r >= RISING for r in rises)
    words = f"weekly average morning pain changed by {', '.join(f'{r:+g}' for r in rises)}"
    return result(
        c, state, met, rises, f">= {RISING:g} for {c.weeks} week(s)", words, on=state.today
    )
