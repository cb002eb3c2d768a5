"""Pain over a window of logs: the worst or average value of a field, and days meeting a
bound (PROTOCOLS.md section 2 definitions). Pure Python."""

import datetime as dt
import statistics

from protocols.words import Day, Words, gettext_noop
from protocols.zones import resolve_bound
from rehab.gates.types import Evidence, PatientState, result

SESSION_LOOKBACK_DAYS = 28  # "last N sessions" look back at most 28 days
PAIN_KINDS = {"log_worst", "log_mean", "days_meeting", "morning_pain_settled", "weekly_mean_stable"}
FIELD_WORDS = {
    "pain_rest": gettext_noop("pain at rest"),
    "pain_morning": gettext_noop("morning pain"),
    "load_test_pain": gettext_noop("load-test pain"),
    "sitting_minutes": gettext_noop("sitting tolerance"),
    "pain_during": gettext_noop("pain during exercise"),
    "pain_after": gettext_noop("pain after exercise"),
    "rpe": gettext_noop("effort"),
    "run_min": gettext_noop("minutes run"),
    "walk_min": gettext_noop("minutes walked"),
}


def last_days(state: PatientState, n: int) -> tuple[dt.date, dt.date]:
    return state.today - dt.timedelta(days=n - 1), state.today


def _in_order(record):
    """Oldest first; on one date, in the order the logs were entered."""
    return (record.date, getattr(record, "entered_at", None) or dt.datetime.min)


def window_records(c, state: PatientState) -> tuple[list, str]:
    """The records in the criterion's window, oldest first, and the window in words.

    Sessions and runs count only if they belong to the current phase (PROTOCOLS.md 9.3);
    check-ins are daily and read whatever the phase.
    """
    if c.over.sessions:
        earliest = state.today - dt.timedelta(SESSION_LOOKBACK_DAYS - 1)
    else:
        earliest, _ = last_days(state, c.over.days)
    # The window's dates first: the phase test then runs on a few records, not all.
    if c.source == "checkin":
        records = [r for r in state.checkins if earliest <= r.date <= state.today]
    else:
        logs = state.sessions if c.source == "session" else state.runs
        records = [r for r in logs if r.date >= earliest and state.in_phase(r)]
        if c.source == "run" and c.max is not None and state.current_level is not None:
            # A goal counts the runs at the current level; every run feeds the triggers.
            records = [r for r in records if r.level == state.current_level]
    picked = sorted(records, key=_in_order)
    if c.over.sessions:
        picked = picked[-c.over.sessions :]
        words = c.over.words("runs" if c.source == "run" else "sessions")
    else:
        words = Words("the last {days} days", days=c.over.days)
    return [r for r in picked if getattr(r, c.field) is not None], words


def evidence_of(c, records) -> tuple[Evidence, ...]:
    return tuple(Evidence(f"{c.source}:{r.id}", r.date) for r in records)


def paused_by_injection(c, state):
    if c.kind not in PAIN_KINDS or state.last_injection is None:
        return None
    until = state.last_injection + dt.timedelta(days=state.injection_washout_days)
    if state.today < until:
        injected = state.last_injection
        words = Words(
            "pain goals are paused until {until} after the injection on {injected}, "
            "so that masked pain cannot open a gate",
            until=Day(until),
            injected=Day(injected),
        )
        return result(c, state, False, None, None, words)
    return None


def log_bound(c, state, *, aggregate):
    paused = paused_by_injection(c, state)
    if paused:
        return paused
    records, window = window_records(c, state)
    field = Words(FIELD_WORDS[c.field])
    if len(records) < c.over.min_count:
        words = Words(
            "{count} of {needed} needed logged over {window}",
            count=len(records),
            needed=c.over.min_count,
            window=window,
        )
        return result(c, state, False, None, None, words, enough=False)
    values = [getattr(r, c.field) for r in records]
    observed = max(values) if aggregate == "worst" else round(statistics.fmean(values), 1)
    if c.max is not None:
        bound = resolve_bound(c.max, state.zones, upper=True)
        met = observed <= bound
        over = sum(1 for v in values if v > bound)
        said = {"field": field, "observed": observed, "window": window, "bound": bound}
        if met and aggregate == "worst":
            words = Words(
                "worst {field} was {observed:g}/10 over {window}; the goal is {bound} or less",
                **said,
            )
        elif aggregate == "worst":
            words = Words(
                "{field} reached {observed:g}/10 on {over} of {window}; "
                "the goal is {bound} or less",
                over=over,
                **said,
            )
        else:
            words = Words(
                "average {field} was {observed:g}/10 over {window}; the goal is {bound} or less",
                **said,
            )
        return result(c, state, met, observed, f"<= {bound}", words)
    bound = resolve_bound(c.min, state.zones, upper=False)
    met = observed >= bound
    said = {"field": field, "observed": observed, "window": window, "bound": bound}
    if aggregate == "worst":
        words = Words(
            "worst {field} was {observed:g}/10 over {window} ({bound} or more counts)", **said
        )
    else:
        words = Words(
            "average {field} was {observed:g}/10 over {window} ({bound} or more counts)", **said
        )
    # As a trigger, the records at or above the bound are what caused it.
    caused = [r for r in records if getattr(r, c.field) >= bound]
    return result(c, state, met, observed, f">= {bound}", words, evidence=evidence_of(c, caused))


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
        good = sum(1 for v in values if v <= bound)
    else:
        bound = resolve_bound(c.min, state.zones, upper=False)
        good = sum(1 for v in values if v >= bound)
    said = {
        "field": Words(FIELD_WORDS[c.field]),
        "bound": bound,
        "good": good,
        "days": c.days,
        "at_least": c.at_least,
    }
    if c.max is not None:
        words = Words(
            "{field} was at most {bound} on {good} of the last {days} days; the goal is {at_least}",
            **said,
        )
    else:
        words = Words(
            "{field} was at least {bound} on {good} of the last {days} days; "
            "the goal is {at_least}",
            **said,
        )
    return result(c, state, good >= c.at_least, f"{good}/{c.days}", f">= {c.at_least}", words)
