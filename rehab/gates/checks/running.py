"""The return-to-run plan: levels reached, runs counted at a level, limps, plans done."""

import datetime as dt

from protocols.words import Day, Words
from rehab.gates.types import Evidence, PatientState, result


def run_level_reached(c, state):
    level = state.run_level_reached
    if level is None:
        words = Words("you have not started the return-to-run plan")
        return result(c, state, False, None, f">= {c.level}", words)
    words = Words(
        "you have reached run level {level}; the goal is level {goal}", level=level, goal=c.level
    )
    return result(c, state, level >= c.level, level, f">= {c.level}", words)


def runs_counting(state: PatientState):
    """The runs that count toward the current level: they belong to the level (the run
    that completed the level before never counts again) and were recorded at it."""
    level = state.current_level
    return [r for r in state.runs if state.in_phase(r) and level in (None, r.level)]


def counted_runs(state: PatientState, *, rest_day_between: bool) -> int:
    """Runs at this level; a run on the day after any run does not count toward it."""
    ran_on = {r.date for r in state.runs}
    days = sorted({r.date for r in runs_counting(state)})
    return sum(1 for day in days if not (rest_day_between and day - dt.timedelta(days=1) in ran_on))


def runs_at_level(c, state):
    count = counted_runs(state, rest_day_between=c.rest_day_between)
    if c.rest_day_between:
        words = Words(
            "{count} runs counted at this level; the goal is {min} (a run the day after a run does not count)",  # noqa: E501
            count=count,
            min=c.min,
        )
    else:
        words = Words(
            "{count} runs counted at this level; the goal is {min}", count=count, min=c.min
        )
    return result(c, state, count >= c.min, count, f">= {c.min}", words)


def limp_reported(c, state):
    in_phase = [r for r in state.runs if state.in_phase(r)]
    runs = sorted(in_phase, key=lambda r: (r.date, r.entered_at or dt.datetime.min))[-c.runs :]
    if not runs:
        words = Words("no runs logged yet")
        return result(c, state, False, None, "no limp", words, enough=False)
    limped = [r for r in runs if r.limp]
    if limped:
        words = Words("you limped on the run of {day}", day=Day(limped[-1].date))
        evidence = tuple(Evidence(f"run:{r.id}", r.date) for r in limped)
        return result(c, state, True, "limp", "no limp", words, evidence=evidence)
    return result(c, state, False, "no limp", "no limp", Words("no limp on your last run"))


def enrolment_completed(c, state):
    done = c.protocol in state.completed_protocols
    name = c.protocol.replace("-", " ")
    if done:
        words = Words("the {plan} plan is complete", plan=name)
    else:
        words = Words("the {plan} plan is not complete yet", plan=name)
    return result(c, state, done, done, True, words)


STRENGTH_PER_WEEK = 2  # PROTOCOLS.md 9.15


def strength_warning(state: PatientState, *, plan_started_on) -> Words | None:
    """While running, fewer than two strength sessions in the last complete ISO week (the
    week the plan started excepted) is a warning to patient and physio (9.15)."""
    this_monday = state.today - dt.timedelta(days=state.today.weekday())
    last_monday = this_monday - dt.timedelta(days=7)
    if plan_started_on >= last_monday:
        return None  # no complete week on the plan yet, or it is the week it started
    done = sum(1 for d in state.strength_session_dates if last_monday <= d < this_monday)
    if done >= STRENGTH_PER_WEEK:
        return None
    week = Day(last_monday)
    if done == 1:
        return Words(
            "{done} strength session in the week of {week} while running: keep the strength "
            "programme going, at least two sessions a week.",
            done=done,
            week=week,
        )
    return Words(
        "{done} strength sessions in the week of {week} while running: keep the strength "
        "programme going, at least two sessions a week.",
        done=done,
        week=week,
    )
