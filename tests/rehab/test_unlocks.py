"""Exercise unlocks (PROTOCOLS.md section 3), table-tested without a database.

A history is one character per day from the phase's start: `g` a green session whose next
morning settled, `a` amber during, `A` amber after, `r` red, `u` green with the next morning
up by 1, `U` green with the next morning up by 2, `m` green with no next-morning check-in,
`.` no session. Morning pain is 1 every day otherwise, from a week before the start.
"""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from protocols.criteria import ExercisesUnlocked
from protocols.schema import validate_definition
from rehab.gates import CheckInLog, MeasurementLog, PatientState, SessionLog, check
from rehab.gates.unlocks import unlock_status

DEFINITIONS = Path(__file__).resolve().parents[2] / "protocols" / "definitions"
START = dt.date(2026, 3, 2)
CODES = {"g": (2, 1), "a": (4, 1), "A": (2, 5), "r": (7, 3), "u": (2, 1), "U": (2, 1), "m": (2, 1)}


def phase(slug: str, key: str):
    path = DEFINITIONS / f"{slug}.yaml"
    definition = validate_definition(yaml.safe_load(path.read_text()), source=path.name)
    (found,) = [p for p in definition.phases if p.key == key]
    return found


STAGE_3 = phase("pht-loading", "stage-3").prescriptions
PHASE_1 = phase("hamstring-avulsion", "phase-1").prescriptions


def state(history: str, *, flares=(), measurements=(), prescriptions=STAGE_3, **extra):
    today = START + dt.timedelta(days=len(history))
    mornings = {START + dt.timedelta(days=n): 1 for n in range(-7, len(history) + 1)}
    sessions = []
    for n, code in enumerate(history):
        day = START + dt.timedelta(days=n)
        if code == ".":
            continue
        during, after = CODES[code]
        sessions.append(
            SessionLog(day, during, after, exercises=("lunge", "nordic_hamstring_curl"))
        )
        after_day = day + dt.timedelta(days=1)
        if code == "u":
            mornings[after_day] = 2
        elif code == "U":
            mornings[after_day] = 3
        elif code == "m":
            del mornings[after_day]
    return PatientState(
        today=extra.pop("today", today),
        phase_started_on=START,
        checkins=tuple(CheckInLog(d, 0, m) for d, m in sorted(mornings.items())),
        sessions=tuple(sessions),
        flare_dates=tuple(START + dt.timedelta(days=n) for n in flares),
        measurements=tuple(measurements),
        prescriptions=prescriptions,
        **extra,
    )


def locked_groups(status) -> list[tuple[str, int | None]]:
    return [(item.group, item.remaining) for item in status.locked]


@pytest.mark.parametrize(
    ("history", "locked"),
    [
        ("", [("single-leg-hinges", 4), ("lunge-and-nordic", 4)]),
        ("g", [("single-leg-hinges", 3), ("lunge-and-nordic", 4)]),
        ("g.g.g", [("single-leg-hinges", 1), ("lunge-and-nordic", 4)]),
        ("g.g.g.g", [("lunge-and-nordic", 4)]),
        ("gggg", [("lunge-and-nordic", 4)]),  # consecutive days count too
        ("g.g.g.g.g.g.g", [("lunge-and-nordic", 1)]),
        ("g.g.g.g.g.g.g.g", []),
        # amber (during or after) restarts the count; so does a next morning up by 1
        ("g.g.a.g", [("single-leg-hinges", 3), ("lunge-and-nordic", 4)]),
        ("g.g.A.g", [("single-leg-hinges", 3), ("lunge-and-nordic", 4)]),
        ("g.g.u.g", [("single-leg-hinges", 3), ("lunge-and-nordic", 4)]),
        ("g.g.g.g.g.a.g", [("lunge-and-nordic", 3)]),  # an unlocked group stays unlocked
        # a missing next morning neither counts nor restarts
        ("g.m.g.g", [("single-leg-hinges", 1), ("lunge-and-nordic", 4)]),
        # a flare re-locks the last group unlocked and restarts the count
        ("g.g.g.g.r", [("single-leg-hinges", 4), ("lunge-and-nordic", 4)]),
        ("g.g.g.g.g.g.g.g.r", [("lunge-and-nordic", 4)]),
        ("g.g.g.g.g.g.g.g.r.g.g", [("lunge-and-nordic", 2)]),
        ("g.g.g.g.U", [("single-leg-hinges", 4), ("lunge-and-nordic", 4)]),
        ("r", [("single-leg-hinges", 4), ("lunge-and-nordic", 4)]),  # nothing to re-lock
    ],
)
def test_stage_three_groups_unlock_in_order_after_tolerated_sessions(history, locked):
    assert locked_groups(unlock_status(state(history))) == locked


def test_a_session_waits_for_its_next_morning_before_it_counts():
    waiting = state("g.g.g.g", today=START + dt.timedelta(days=6))  # the 4th is today
    assert locked_groups(unlock_status(waiting))[0] == ("single-leg-hinges", 1)


def test_stage_three_opens_with_the_block_deadlift_and_stage_two_work():
    status = unlock_status(state(""))
    assert status.unlocked == {
        "block_straight_leg_deadlift",
        "heavy_bridge",
        "leg_curl",
        "ball_curl",
    }
    first, second = status.locked
    assert first.exercises == ("single_leg_romanian_deadlift", "single_leg_good_morning")
    assert first.unlocks_after == "4 more sessions with pain 3 or less and a settled next morning"
    assert second.exercises == ("lunge", "nordic_hamstring_curl")
    assert second.unlocks_after == (
        "4 more sessions with pain 3 or less and a settled next morning, after the previous "
        "ones unlock"
    )


def test_one_more_session_reads_in_the_singular():
    (first, _) = unlock_status(state("g.g.g")).locked
    assert first.unlocks_after == "1 more session with pain 3 or less and a settled next morning"


@pytest.mark.parametrize(
    ("flares", "locked"),
    [
        ((16,), [("lunge-and-nordic", 4)]),  # a flare acted on re-locks
        ((16, 17), [("lunge-and-nordic", 4)]),  # consecutive flare dates: one episode
        ((16, 19), [("single-leg-hinges", 4), ("lunge-and-nordic", 4)]),  # two episodes
        ((0,), []),  # the flare that moved the patient here is not in the phase
    ],
)
def test_flares_acted_on_re_lock_once_per_episode(flares, locked):
    history = "g.g.g.g.g.g.g.g" + "....."
    assert locked_groups(unlock_status(state(history, flares=flares))) == locked


# --- the 3 -> 4 gate criterion


@pytest.mark.parametrize(
    ("history", "met", "observed"),
    [
        ("g.g.g.g.g.g.g", False, 1),  # one group still locked
        ("g.g.g.g.g.g.g.g", False, 0),  # all open, the last one not yet done
        ("g.g.g.g.g.g.g.g.g", False, 1),
        ("g.g.g.g.g.g.g.g.g.g", True, 2),
        ("g.g.g.g.g.g.g.g.g.a.g", False, 1),  # amber restarts it
    ],
)
def test_the_stage_three_gate_needs_every_group_and_the_last_done_twice(history, met, observed):
    result = check(
        ExercisesUnlocked(kind="exercises_unlocked", sessions_after_last=2), state(history)
    )
    assert (result.met, result.observed) == (met, observed)


def test_sessions_without_the_last_groups_exercises_do_not_count_as_done_with_them():
    s = state("g.g.g.g.g.g.g.g.g.g")
    others = tuple(
        SessionLog(x.date, x.pain_during, x.pain_after, exercises=("heavy_bridge",))
        if x.date > START + dt.timedelta(days=14)
        else x
        for x in s.sessions
    )
    from dataclasses import replace

    result = check(ExercisesUnlocked(kind="exercises_unlocked"), replace(s, sessions=others))
    assert (result.met, result.observed) == (False, 0)


def test_the_criterion_reads_in_plain_words():
    c = ExercisesUnlocked(kind="exercises_unlocked", sessions_after_last=2)
    assert c.plain_label() == (
        "every exercise of this phase unlocked, and the last ones done in 2 sessions with "
        "pain 3 or less and a settled next morning"
    )
    locked = check(c, state("g"))
    assert "next unlocks after 3 more sessions" in locked.explanation


# --- a physio check (avulsion phase I) and days in the phase


def surgeon(value, days_after_start=1, order=0):
    day = START + dt.timedelta(days=days_after_start)
    entered = dt.datetime.combine(day, dt.time(9)) + dt.timedelta(minutes=order)
    return MeasurementLog(day, "surgeon_allows_hamstring_sets", value, entered_at=entered)


@pytest.mark.parametrize(
    ("measurements", "open_"),
    [
        ((), False),
        ((surgeon(1),), True),
        ((surgeon(0),), False),
        ((surgeon(1), surgeon(0, order=5)), False),  # a same-day correction: newest wins
        ((surgeon(0), surgeon(1, days_after_start=2)), True),
        ((surgeon(1, days_after_start=-3),), False),  # before the phase began
    ],
)
def test_phase_one_hamstring_sets_wait_for_the_surgeon(measurements, open_):
    status = unlock_status(state("...", measurements=measurements, prescriptions=PHASE_1))
    assert ("hamstring_sets" in status.unlocked) == open_
    assert {"ankle_pumps", "quad_sets", "core_activation"} <= status.unlocked
    if not open_:
        (locked,) = status.locked
        assert locked.unlocks_after == (
            "your physio confirms: your surgeon allows gentle hamstring sets"
        )


def test_a_days_in_phase_unlock_opens_on_its_day():
    from protocols.schema import Prescription

    rx = Prescription.model_validate(
        {
            "exercise": "lunge",
            "reps": 6,
            "sessions_per_week": 2,
            "unlock": {"group": "later", "after": "days_in_phase", "days": 10},
        }
    )
    early = unlock_status(state("." * 7, prescriptions=(rx,)))
    assert [(i.group, i.remaining, i.unlocks_after) for i in early.locked] == [
        ("later", 3, "3 more days in this phase")
    ]
    assert unlock_status(state("." * 10, prescriptions=(rx,))).unlocked == {"lunge"}


def test_a_phase_without_unlocks_prescribes_everything():
    prescriptions = phase("pht-loading", "stage-1").prescriptions
    status = unlock_status(state("g", prescriptions=prescriptions))
    assert status.all_unlocked
    assert status.unlocked == {rx.exercise for rx in prescriptions}
