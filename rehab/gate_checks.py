"""One check per criterion kind (PROTOCOLS.md section 2 definitions). Pure Python.

Each returns a CriterionResult whose explanation a patient can read. For trigger kinds
(morning_pain_rise, weekly_mean_rising, limp_reported, a `min` bound) `met` means
"the thing happened"; missing data never triggers and never passes.
"""

import datetime as dt
import statistics

from protocols.criteria import resolve_bound
from rehab.gate_checks_more import MORE_CHECKS
from rehab.gate_data import PatientState, result

SESSION_LOOKBACK_DAYS = 28  # "last N sessions" look back at most 28 days
BASELINE_DAYS, BASELINE_MIN = 7, 4
WEEK, WEEK_MIN, RISING = 7, 4, 1.0
PAIN_KINDS = {"log_worst", "log_mean", "days_meeting", "morning_pain_settled", "weekly_mean_stable"}
FIELD_WORDS = {
    "pain_rest": "pain at rest", "pain_morning": "morning pain", "load_test_pain": "load-test pain",
    "sitting_minutes": "sitting tolerance", "pain_during": "pain during exercise",
    "pain_after": "pain after exercise", "rpe": "effort", "run_min": "minutes run",
    "walk_min": "minutes walked",
}  # fmt: skip


def last_days(state: PatientState, n: int) -> tuple[dt.date, dt.date]:
    return state.today - dt.timedelta(days=n - 1), state.today


def window_values(c, state: PatientState) -> tuple[list[tuple[dt.date, float]], str]:
    """(date, value) pairs of the criterion's field in its window, and the window in words."""
    if c.source == "checkin":
        records = state.checkins
    elif c.source == "session":
        records = state.sessions
    else:
        records = state.runs
    records = [r for r in records if r.date <= state.today]
    if c.over.sessions:
        earliest = max(
            state.phase_started_on, state.today - dt.timedelta(SESSION_LOOKBACK_DAYS - 1)
        )
        if c.source == "checkin":  # check-ins are daily: "sessions" means the latest days logged
            earliest = state.today - dt.timedelta(SESSION_LOOKBACK_DAYS - 1)
        picked = sorted((r for r in records if r.date >= earliest), key=lambda r: r.date)
        picked = picked[-c.over.sessions :]
        words = c.over.words("runs" if c.source == "run" else "sessions")
    else:
        start, _ = last_days(state, c.over.days)
        picked = [r for r in records if r.date >= start]
        words = f"the last {c.over.days} days"
    pairs = [(r.date, getattr(r, c.field)) for r in picked if getattr(r, c.field) is not None]
    return sorted(pairs), words


def paused_by_injection(c, state):
    if c.kind not in PAIN_KINDS or state.last_injection is None:
        return None
    until = state.last_injection + dt.timedelta(days=state.injection_washout_days)
    if state.today < until:
        injected = state.last_injection
        words = (f"pain goals are paused until {until:%d %b} after the injection on "
                 f"{injected:%d %b}, so that masked pain cannot open a gate")  # fmt: skip
        return result(c, state, False, None, None, words)
    return None


def log_bound(c, state, *, aggregate):
    paused = paused_by_injection(c, state)
    if paused:
        return paused
    pairs, window = window_values(c, state)
    field = FIELD_WORDS[c.field]
    if len(pairs) < c.over.min_count:
        words = f"{len(pairs)} of {c.over.min_count} needed logged over {window}"
        return result(c, state, False, None, None, words, enough=False)
    values = [v for _, v in pairs]
    observed = max(values) if aggregate == "worst" else round(statistics.fmean(values), 1)
    if c.max is not None:
        bound = resolve_bound(c.max, state.zones, upper=True)
        met = observed <= bound
        over = sum(1 for v in values if v > bound)
        if met:
            words = f"{aggregate} {field} was {observed:g}/10 over {window}; the goal is {bound} or less"  # noqa: E501
        elif aggregate == "worst":
            words = (f"{field} reached {observed:g}/10 on {over} of {window}; "
                     f"the goal is {bound} or less")  # fmt: skip
        else:
            words = (
                f"average {field} was {observed:g}/10 over {window}; the goal is {bound} or less"  # noqa: E501
            )
        return result(c, state, met, observed, f"<= {bound}", words)
    bound = resolve_bound(c.min, state.zones, upper=False)
    met = observed >= bound
    words = f"{aggregate} {field} was {observed:g}/10 over {window} ({bound} or more counts)"
    on = max((d for d, v in pairs if v >= bound), default=None)
    return result(c, state, met, observed, f">= {bound}", words, on=on)


def log_worst(c, state):
    return log_bound(c, state, aggregate="worst")


def log_mean(c, state):
    return log_bound(c, state, aggregate="average")


def days_meeting(c, state):
    paused = paused_by_injection(c, state)
    if paused:
        return paused
    start, _ = last_days(state, c.days)
    values = [getattr(x, c.field) for x in state.checkins if start <= x.date <= state.today]
    values = [v for v in values if v is not None]
    if c.max is not None:
        bound = resolve_bound(c.max, state.zones, upper=True)
        good, target = sum(1 for v in values if v <= bound), f"<= {bound}"
    else:
        bound = resolve_bound(c.min, state.zones, upper=False)
        good, target = sum(1 for v in values if v >= bound), f">= {bound}"
    field = FIELD_WORDS[c.field]
    words = f"{field} was {target.replace('<=', 'at most').replace('>=', 'at least')} on {good} of the last {c.days} days; the goal is {c.at_least}"  # noqa: E501
    return result(c, state, good >= c.at_least, f"{good}/{c.days}", f">= {c.at_least}", words)


def days_in_phase(c, state):
    days = (state.today - state.phase_started_on).days
    words = f"{days} days in this phase; the goal is {c.min}"
    return result(c, state, days >= c.min, days, f">= {c.min}", words)


def days_since(c, state):
    event_date = state.surgery_date if c.event == "surgery" else state.injury_date
    if event_date is None:
        return result(
            c, state, False, None, f">= {c.min}", f"no {c.event} date recorded", enough=False
        )  # noqa: E501
    days = (state.today - event_date).days
    words = f"{days} days since your {c.event}; the goal is {c.min}"
    return result(c, state, days >= c.min, days, f">= {c.min}", words)


def sessions_logged(c, state):
    start, _ = last_days(state, c.days)
    count = sum(1 for s in state.sessions if start <= s.date <= state.today)
    words = f"{count} exercise sessions in the last {c.days} days; the goal is {c.min}"
    return result(c, state, count >= c.min, count, f">= {c.min}", words)


def adherence(c, state):
    in_phase = (state.today - state.phase_started_on).days + 1
    days = min(c.days, in_phase)
    planned = state.sessions_per_week * days / 7
    if planned <= 0:
        return result(
            c, state, False, None, None, "no sessions are planned in this phase", enough=False
        )  # noqa: E501
    start, _ = last_days(state, days)
    done = sum(1 for s in state.sessions if start <= s.date <= state.today)
    percent = round(min(done / planned, 1.0) * 100)
    goal = f"the goal is {c.min_percent}%"
    words = f"{done} of {round(planned, 1):g} planned sessions done ({percent}%); {goal}"
    return result(c, state, percent >= c.min_percent, percent, f">= {c.min_percent}", words)


# --- morning pain against the patient's own baseline
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


CHECKS = {
    "days_in_phase": days_in_phase,
    "days_since": days_since,
    "log_worst": log_worst,
    "log_mean": log_mean,
    "days_meeting": days_meeting,
    "sessions_logged": sessions_logged,
    "adherence": adherence,
    "morning_pain_settled": morning_pain_settled,
    "morning_pain_rise": morning_pain_rise,
    "weekly_mean_stable": weekly_mean_stable,
    "weekly_mean_rising": weekly_mean_rising,
    **MORE_CHECKS,
}
