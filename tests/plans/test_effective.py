"""The pure plan rules: changes, limits and what a phase allows (no database)."""

import pytest

from plans import effective
from plans.effective import LibraryExercise, PlanError

LIBRARY = {
    "bridge_hold": LibraryExercise("bridge_hold", "Bridge hold", "low"),
    "heel_pull": LibraryExercise("heel_pull", "Heel pull-down hold", "none"),
    "leg_curl": LibraryExercise("leg_curl", "Leg curl", "low"),
    "nordic": LibraryExercise("nordic", "Nordic curl", "deep"),
}
PHASES = [(0, ["bridge_hold", "heel_pull"]), (1, ["leg_curl"]), (2, ["nordic", "leg_curl"])]
BASE = [
    effective.item_from(
        {"exercise": "bridge_hold", "sets": 5, "hold_s": 30, "sessions_per_week": 7}
    ),
    effective.item_from({"exercise": "heel_pull", "sets": 5, "hold_s": 30, "sessions_per_week": 7}),
]


def change(items=BASE, allowed=None, **kwargs):
    allowed = effective.allowed(LIBRARY, PHASES, 1) if allowed is None else allowed
    return effective.change(items, library=LIBRARY, allowed_keys=allowed, **kwargs)


def test_a_phase_allows_nothing_deeper_than_it_prescribes_nor_a_later_phases_exercise():
    assert effective.allowed(LIBRARY, PHASES, 0) == {"bridge_hold", "heel_pull"}
    assert effective.allowed(LIBRARY, PHASES, 1) == {"bridge_hold", "heel_pull", "leg_curl"}
    assert effective.allowed(LIBRARY, PHASES, 2) == set(LIBRARY)


def test_a_dose_change_keeps_the_slot_and_names_what_changed():
    items, words = change(kind="dose", exercise="bridge_hold", dose={"sets": 3, "hold_s": 45})
    assert items[0]["sets"] == 3 and items[0]["hold_s"] == 45
    assert words == "changed the dose of Bridge hold from 5 × 30 s, 7×/week to 3 × 45 s, 7×/week"
    assert effective.adjustments(items[0], {i["slot"]: i for i in BASE}) == ["sets", "hold_s"]
    assert BASE[0]["sets"] == 5  # the earlier version is never edited


@pytest.mark.parametrize(
    ("dose", "field", "message"),
    [
        ({"sets": -1}, "sets", "Sets must be between 1 and 20."),
        ({"hold_s": 0}, "hold_s", "The hold must be between 1 and 600."),
        (
            {"sessions_per_week": 30},
            "sessions_per_week",
            "Sessions per week must be between 0.5 and 14.",
        ),
        ({"sets": None}, "sets", "Sets cannot be empty."),
        ({}, "sets", "Give the new dose: sets, reps, hold, load or sessions."),
    ],
)
def test_it_refuses_a_dose_outside_the_protocols_limits(dose, field, message):
    with pytest.raises(PlanError) as refused:
        change(kind="dose", exercise="bridge_hold", dose=dose)
    assert (refused.value.field, refused.value.message) == (field, message)


def test_a_swap_must_be_allowed_in_the_phase_and_known_to_the_library():
    with pytest.raises(PlanError, match="Nordic curl is not allowed in this phase"):
        change(kind="swap", exercise="bridge_hold", to_exercise="nordic")
    with pytest.raises(PlanError, match="no exercise 'plank'"):
        change(kind="swap", exercise="bridge_hold", to_exercise="plank")
    with pytest.raises(PlanError, match="already in the plan"):
        change(kind="swap", exercise="bridge_hold", to_exercise="heel_pull")
    items, words = change(kind="swap", exercise="bridge_hold", to_exercise="leg_curl")
    assert (items[0]["slot"], items[0]["exercise"]) == ("bridge_hold", "leg_curl")
    assert words == "swapped Bridge hold for Leg curl"


def test_pause_resume_and_add():
    items, words = change(kind="pause", exercise="heel_pull")
    assert items[1]["paused"] and words == "paused Heel pull-down hold"
    with pytest.raises(PlanError, match="already paused"):
        change(items, kind="pause", exercise="heel_pull")
    items, _ = change(items, kind="resume", exercise="heel_pull")
    assert not items[1]["paused"]
    items, words = change(
        items, kind="add", exercise="leg_curl", dose={"sets": 3, "reps": 10, "sessions_per_week": 3}
    )
    assert items[2]["added"] and words == "added Leg curl (3 × 10, 3×/week)"
    with pytest.raises(PlanError, match="needs sets"):
        change(kind="add", exercise="leg_curl", dose={"sessions_per_week": 2})


def test_a_swap_or_an_add_starts_from_the_protocols_own_dose_of_the_exercise():
    doses = {
        "leg_curl": {
            "sets": 3,
            "reps": 15,
            "hold_s": None,
            "load": "15RM",
            "rest_s": None,
            "sessions_per_week": 2,
        }
    }
    items, _ = change(
        kind="swap", exercise="bridge_hold", to_exercise="leg_curl", protocol_doses=doses
    )
    assert (items[0]["reps"], items[0]["hold_s"], items[0]["load"]) == (15, None, "15RM")
    assert items[0]["sessions_per_week"] == 7  # the slot keeps the phase's schedule
    items, _ = change(
        kind="swap",
        exercise="bridge_hold",
        to_exercise="leg_curl",
        protocol_doses=doses,
        dose={"sets": 2},
    )
    assert (items[0]["sets"], items[0]["reps"]) == (2, 15)  # the dose given wins
    items, words = change(BASE[1:], kind="add", exercise="leg_curl", protocol_doses=doses)
    assert words == "added Leg curl (3 × 15, load 15RM, 2×/week)"
