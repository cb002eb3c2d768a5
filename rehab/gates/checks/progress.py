"""Time and work done: days in the phase or since an event, sessions logged, adherence."""

from protocols.words import Words
from rehab.gates.checks.pain_windows import last_days
from rehab.gates.types import result


def days_in_phase(c, state):
    days = (state.today - state.phase_started_on).days
    words = Words("{days} days in this phase; the goal is {min}", days=days, min=c.min)
    return result(c, state, days >= c.min, days, f">= {c.min}", words)


def days_since(c, state):
    event_date = state.surgery_date if c.event == "surgery" else state.injury_date
    if event_date is None:
        if c.event == "surgery":
            words = Words("no surgery date recorded")
        else:
            words = Words("no injury date recorded")
        return result(c, state, False, None, f">= {c.min}", words, enough=False)
    days = (state.today - event_date).days
    if c.event == "surgery":
        words = Words("{days} days since your surgery; the goal is {min}", days=days, min=c.min)
    else:
        words = Words("{days} days since your injury; the goal is {min}", days=days, min=c.min)
    return result(c, state, days >= c.min, days, f">= {c.min}", words)


def sessions_logged(c, state):
    start, _ = last_days(state, c.days)
    count = sum(1 for s in state.sessions if start <= s.date and state.in_phase(s))
    words = Words(
        "{count} exercise sessions in the last {days} days; the goal is {min}",
        count=count,
        days=c.days,
        min=c.min,
    )
    return result(c, state, count >= c.min, count, f">= {c.min}", words)


def adherence(c, state):
    in_phase = (state.today - state.phase_started_on).days + 1
    days = min(c.days, in_phase)
    planned = state.sessions_per_week * days / 7
    if planned <= 0:
        words = Words("no sessions are planned in this phase")
        return result(c, state, False, None, None, words, enough=False)
    if planned < 1:  # a day or two into a phase there is nothing to judge yet
        words = Words("too early to judge: less than one session planned since this phase began")
        return result(c, state, False, None, f">= {c.min_percent}", words, enough=False)
    start, _ = last_days(state, days)
    done = sum(1 for s in state.sessions if start <= s.date and state.in_phase(s))
    percent = round(min(done / planned, 1.0) * 100)
    words = Words(
        "{done} of {planned:g} planned sessions done ({percent}); the goal is {goal}",
        done=done,
        planned=round(planned, 1),
        percent=f"{percent}%",
        goal=f"{c.min_percent}%",
    )
    return result(c, state, percent >= c.min_percent, percent, f">= {c.min_percent}", words)
