"""Morning pain against the patient's own baseline: rises, settling after loading, and
the weekly mean (PROTOCOLS.md section 2). Pure Python."""

import datetime as dt
import statistics
from dataclasses import replace

from protocols.words import Day, Words
from rehab.gates.checks.pain_windows import last_days, paused_by_injection
from rehab.gates.types import Evidence, result

BASELINE_DAYS, BASELINE_MIN = 7, 4
WEEK, WEEK_MIN, RISING = 7, 4, 1.0
EPISODE_LOOKBACK_DAYS = 28  # how far back an episode's first date is sought


def morning_by_date(state) -> dict[dt.date, int]:
    return {x.date: x.pain_morning for x in state.checkins if x.pain_morning is not None}


def baseline(mornings: dict, day: dt.date) -> float | None:
    """Median morning pain of the 7 dates before `day` (excluded), from at least 4 check-ins."""
    values = [
        mornings[d]
        for k in range(1, BASELINE_DAYS + 1)
        if (d := day - dt.timedelta(days=k)) in mornings
    ]
    return statistics.median(values) if len(values) >= BASELINE_MIN else None


def loading_days(state, after: str) -> set[dt.date]:
    """Dates of the phase's sessions or runs (PROTOCOLS.md 9.3)."""
    records = state.runs if after == "run" else state.sessions
    return {r.date for r in records if state.in_phase(r)}


def rise_on(mornings: dict, day: dt.date) -> float | None:
    """Morning pain on `day` minus the baseline before it (None without either)."""
    base = baseline(mornings, day)
    if day not in mornings or base is None:
        return None
    return mornings[day] - base


def episode_start(day: dt.date, meets) -> dt.date:
    """The first of the consecutive dates up to `day` on which `meets(date)` holds: a rule
    over dates acts once per episode (PROTOCOLS.md 9.1)."""
    for _ in range(EPISODE_LOOKBACK_DAYS):
        if not meets(day - dt.timedelta(days=1)):
            break
        day -= dt.timedelta(days=1)
    return day


def morning_pain_rise(c, state):
    mornings = morning_by_date(state)
    all_loads = {r.date for r in state.sessions} | {r.date for r in state.runs}

    def rise(day):
        if c.after_loading and day - dt.timedelta(days=1) not in all_loads:
            return None
        return rise_on(mornings, day)

    worst, when = None, None
    for k in range(c.days):
        day = state.today - dt.timedelta(days=k)
        value = rise(day)
        if value is not None and (worst is None or value > worst):
            worst, when = value, day
    if worst is None:
        words = Words("no morning to compare with your usual level")
        return result(c, state, False, None, f">= {c.up_by}", words, enough=False)
    words = Words(
        "morning pain on {day} was {rise:+g} against your usual level",
        day=Day(when),
        rise=worst,
    )
    met = worst >= c.up_by
    evidence = ()
    if met:
        start = episode_start(when, lambda d: (rise(d) or 0) >= c.up_by)
        evidence = (Evidence(f"morning+{c.up_by}:{start.isoformat()}", start),)
    return result(c, state, met, worst, f">= {c.up_by}", words, evidence=evidence)


def morning_pain_settled(c, state):
    """Every loading day in the window needs its next morning, no higher than baseline
    (PROTOCOLS.md 9.6): a goal that needs the next morning waits for it."""
    paused = paused_by_injection(c, state)
    if paused:
        return paused
    mornings = morning_by_date(state)
    start, _ = last_days(state, c.days)
    judged, risen, missing, waiting, no_baseline = 0, [], [], [], []
    for day in sorted(loading_days(state, c.after)):
        after = day + dt.timedelta(days=1)
        if day < start:
            continue
        if after > state.today:
            waiting.append(day)
            continue
        if after not in mornings:
            missing.append(day)
            continue
        rise = rise_on(mornings, after)
        if rise is None:
            no_baseline.append(day)
            continue
        judged += 1
        if rise > c.max_rise:
            risen.append(after)
    if risen:
        words = Words(
            "morning pain rose after loading on {count} of {judged} days (e.g. {day})",
            count=len(risen),
            judged=judged,
            day=Day(risen[-1]),
        )
        return result(c, state, False, len(risen), 0, words)
    if missing:
        words = Words(
            "no morning check-in after {count} loading day(s), e.g. {day}",
            count=len(missing),
            day=Day(missing[-1]),
        )
        return result(c, state, False, len(missing), 0, words)
    if waiting:
        words = Words("waiting for the morning check-in after {day}", day=Day(waiting[-1]))
        return result(c, state, False, None, 0, words, enough=False)
    if no_baseline or judged == 0:
        words = Words("no loading day with a morning to compare with your usual level yet")
        return result(c, state, False, None, 0, words, enough=False)
    words = Words("morning pain settled after all {judged} loading days", judged=judged)
    return result(c, state, True, 0, 0, words)


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
            Words("fewer than 4 morning check-ins in one of the last two weeks"),
            enough=False,
        )
    change = round(this_week - last_week, 1)
    words = Words(
        "weekly average morning pain changed by {change:+g} (rising means +{rising:g} or more)",
        change=change,
        rising=RISING,
    )
    return result(c, state, change < RISING, change, f"< {RISING:g}", words)


def weekly_rises(state, weeks: int) -> list[float] | None:
    means = weekly_means(state, weeks + 1)
    if any(m is None for m in means):
        return None
    return [round(means[i] - means[i + 1], 1) for i in range(weeks)]


def weekly_mean_rising(c, state):
    rises = weekly_rises(state, c.weeks)
    if rises is None:
        words = Words("not enough weeks of morning check-ins")
        return result(c, state, False, None, c.weeks, words, enough=False)
    met = all(r >= RISING for r in rises)
    words = Words(
        "weekly average morning pain changed by {changes}",
        changes=", ".join(f"{r:+g}" for r in rises),
    )
    evidence = ()
    if met:

        def rising_on(day):
            rises_then = weekly_rises(replace(state, today=day), c.weeks)
            return rises_then is not None and all(r >= RISING for r in rises_then)

        start = episode_start(state.today, rising_on)
        evidence = (Evidence(f"weekly_mean_rising:{start.isoformat()}", start),)
    target = f">= {RISING:g} for {c.weeks} week(s)"
    return result(c, state, met, rises, target, words, evidence=evidence)


def escalating_mornings(state, *, days: int = 3, up_by: int = 2) -> tuple:
    """Derived red flag: morning pain `up_by` or more above the baseline taken before the
    rise, on `days` consecutive dates ending today or yesterday (PROTOCOLS.md 7, 9.3).
    Returns the episode's evidence, or () when the pattern is absent."""
    mornings = morning_by_date(state)
    for end in (state.today, state.today - dt.timedelta(days=1)):
        first = end - dt.timedelta(days=days - 1)
        base = baseline(mornings, first)  # the baseline of its first day, kept
        if base is None:
            continue
        dates = [first + dt.timedelta(days=k) for k in range(days)]
        if all(d in mornings and mornings[d] - base >= up_by for d in dates):
            start = episode_start(
                first, lambda d: d in mornings and (rise_on(mornings, d) or 0) >= up_by
            )
            return (Evidence(f"escalating:{start.isoformat()}", start),)
    return ()
