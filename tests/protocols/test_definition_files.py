"""The shipped definition files: each one loads, and says what PROTOCOLS.md says.

Pure tests: YAML and the pydantic schema only, no database.
"""

from pathlib import Path

import pytest
import yaml

from protocols.schema import Definition, Gate, validate_definition

DEFINITIONS_DIR = Path(__file__).resolve().parents[2] / "protocols" / "definitions"
SHIPPED = ("pht-loading", "hamstring-avulsion", "return-to-run")


def load(slug: str) -> Definition:
    path = DEFINITIONS_DIR / f"{slug}.yaml"
    return validate_definition(yaml.safe_load(path.read_text()), source=path.name)


def gate(definition: Definition, from_phase: str) -> Gate:
    (found,) = [g for g in definition.gates if g.from_phase == from_phase]
    return found


def criteria_of(g: Gate, kind: str) -> list:
    return [c for c in g.criteria if c.kind == kind]


def only(g: Gate, kind: str):
    (found,) = criteria_of(g, kind)
    return found


def test_the_three_protocols_are_shipped():
    assert set(SHIPPED) <= {p.stem for p in DEFINITIONS_DIR.glob("*.yaml")}


@pytest.mark.parametrize("slug", SHIPPED)
def test_each_shipped_file_parses_and_passes_the_schema(slug):
    path = DEFINITIONS_DIR / f"{slug}.yaml"
    document = yaml.safe_load(path.read_text())
    definition = validate_definition(document, source=path.name)
    assert definition.slug == path.stem


@pytest.mark.parametrize("slug", SHIPPED)
def test_each_protocol_uses_the_section_two_defaults(slug):
    rules = load(slug).rules
    assert (rules.pain_zones.green_max, rules.pain_zones.amber_max) == (3, 5)
    assert rules.injection_washout_days == 14
    assert rules.not_responding_weeks == 12


@pytest.mark.parametrize("slug", SHIPPED)
def test_each_protocol_carries_a_disclaimer_and_its_references(slug):
    definition = load(slug)
    assert "diagnose" in definition.disclaimer
    assert definition.references
    assert all(r.citation for r in definition.references)


def test_pht_phases_run_from_isometric_to_maintenance():
    definition = load("pht-loading")
    assert [p.key for p in definition.phases] == [
        "stage-1",
        "stage-2",
        "stage-3",
        "stage-4",
        "maintenance",
    ]
    assert [(t.key, t.start_phase) for t in definition.tracks] == [("standard", "stage-1")]


def test_pht_gates_go_stage_by_stage_and_all_wait_for_the_physio():
    definition = load("pht-loading")
    assert [(g.from_phase, g.to_phase) for g in definition.gates] == [
        ("stage-1", "stage-2"),
        ("stage-2", "stage-3"),
        ("stage-3", "stage-4"),
        ("stage-4", "maintenance"),
    ]
    assert {g.mode for g in definition.gates} == {"review"}


def test_pht_stage_one_gate_matches_the_protocol():
    g = gate(load("pht-loading"), "stage-1")
    assert only(g, "days_in_phase").min == 14
    logged = only(g, "sessions_logged")
    assert (logged.min, logged.days) == (5, 7)
    worst = only(g, "log_worst")
    assert (worst.source, worst.field, worst.max) == ("session", "pain_during", 3)
    assert (worst.over.sessions, worst.over.min_count) == (7, 7)
    load_test = only(g, "days_meeting")
    assert (load_test.field, load_test.max) == ("load_test_pain", 3)
    assert (load_test.at_least, load_test.days) == (5, 7)
    assert only(g, "no_flare").days == 14
    adherence = only(g, "adherence")
    assert (adherence.min_percent, adherence.days) == (70, 14)


def test_pht_stage_two_gate_matches_the_protocol():
    g = gate(load("pht-loading"), "stage-2")
    assert only(g, "days_in_phase").min == 21
    worst = only(g, "log_worst")
    assert (worst.field, worst.max, worst.over.sessions) == ("pain_during", 3, 6)
    assert criteria_of(g, "weekly_mean_stable")
    lsi = only(g, "measurement")
    assert (lsi.key, lsi.min) == ("knee_flexion_lsi", 80)
    assert only(g, "adherence").min_percent == 70


def test_pht_stage_three_gate_includes_the_return_to_run_entry():
    g = gate(load("pht-loading"), "stage-3")
    assert only(g, "days_in_phase").min == 21
    worst = only(g, "log_worst")
    assert (worst.field, worst.max, worst.over.days) == ("pain_during", "green", 14)
    assert only(g, "morning_pain_settled").days == 14
    assert criteria_of(g, "weekly_mean_stable")
    rest = only(g, "days_meeting")
    assert (rest.field, rest.max, rest.days, rest.at_least) == ("pain_rest", 0, 7, 7)
    assert only(g, "check").key == "pain_free_drop_lunge"
    measures = {m.key: (m.min, m.both_sides) for m in criteria_of(g, "measurement")}
    assert measures == {
        "knee_flexion_lsi": (90, False),
        "pain_free_walk_min": (30, False),
        "single_leg_squat_reps": (10, True),
        "single_leg_bridge_reps": (20, True),
    }


def test_pht_stage_four_needs_the_run_plan_done_and_a_recent_visa_h():
    g = gate(load("pht-loading"), "stage-4")
    assert only(g, "enrolment_completed").protocol == "return-to-run"
    worst = only(g, "log_worst")
    assert (worst.field, worst.max, worst.over.days) == ("pain_during", 3, 14)
    visa = only(g, "measurement")
    assert (visa.key, visa.within_days, visa.min) == ("visa_h", 28, None)


def test_pht_stage_one_prescribes_daily_isometric_holds():
    (stage_one,) = [p for p in load("pht-loading").phases if p.key == "stage-1"]
    assert stage_one.prescriptions
    for rx in stage_one.prescriptions:
        assert (rx.sets, rx.rest_s, rx.sessions_per_week) == (5, 120, 7)
        assert 30 <= rx.hold_s <= 45
    assert "deep hip flexion" in stage_one.avoid


@pytest.mark.parametrize("slug", ["pht-loading", "hamstring-avulsion"])
def test_a_flare_in_protocols_a_and_b_proposes_a_step_back_to_the_physio(slug):
    flare = load(slug).rules.flare
    assert flare.action == "propose_step_back"
    kinds = {c.kind: c for c in flare.when_any}
    assert kinds["log_worst"].min == "red"
    assert kinds["morning_pain_rise"].up_by == 2
    assert kinds["weekly_mean_rising"].weeks == 2


@pytest.mark.parametrize("slug", SHIPPED)
def test_pain_during_or_after_in_red_on_the_last_session_or_run_is_a_flare(slug):
    rules = load(slug).rules
    source = "run" if slug == "return-to-run" else "session"
    red = {
        c.field: c
        for c in rules.flare.when_any
        if c.kind == "log_worst" and c.min == "red" and c.source == source
    }
    assert red.keys() == {"pain_during", "pain_after"}
    assert {c.over.sessions for c in red.values()} == {1}


@pytest.mark.parametrize("slug", SHIPPED)
def test_amber_holds_on_the_worse_of_pain_during_and_pain_after(slug):
    rules = load(slug).rules
    source = "run" if slug == "return-to-run" else "session"
    amber = {
        c.field: c
        for c in rules.hold.when_any
        if c.kind == "log_worst" and c.min == "amber" and c.source == source
    }
    assert amber.keys() == {"pain_during", "pain_after"}
    assert amber["pain_during"].over == amber["pain_after"].over  # one window for both


def test_avulsion_phases_are_the_four_of_van_der_made():
    definition = load("hamstring-avulsion")
    assert [p.key for p in definition.phases] == ["phase-1", "phase-2", "phase-3", "phase-4"]


def test_avulsion_phase_one_is_for_the_operative_track_only():
    definition = load("hamstring-avulsion")
    tracks = {p.key: p.tracks for p in definition.phases}
    assert tracks["phase-1"] == ("operative",)
    assert all(tracks[key] is None for key in ("phase-2", "phase-3", "phase-4"))


def test_avulsion_phases_one_and_two_forbid_running_and_phase_one_is_never_stepped_back_into():
    phases = {p.key: p for p in load("hamstring-avulsion").phases}
    assert {k for k, p in phases.items() if p.forbids_running} == {"phase-1", "phase-2"}
    assert {k for k, p in phases.items() if not p.step_back_into} == {"phase-1"}


@pytest.mark.parametrize("slug", ["pht-loading", "return-to-run"])
def test_tendinopathy_and_return_to_run_phases_allow_running_and_step_backs(slug):
    phases = load(slug).phases
    assert not any(p.forbids_running for p in phases)
    assert all(p.step_back_into for p in phases)


def test_avulsion_operative_starts_in_phase_one_and_non_operative_in_phase_two():
    tracks = {t.key: t for t in load("hamstring-avulsion").tracks}
    assert tracks.keys() == {"operative", "non_operative"}
    assert tracks["operative"].start_phase == "phase-1"
    assert tracks["operative"].requires == ("surgery_date",)
    assert tracks["non_operative"].start_phase == "phase-2"


def test_avulsion_gates_all_wait_for_the_physio_and_phase_four_completes():
    definition = load("hamstring-avulsion")
    assert [(g.from_phase, g.to_phase) for g in definition.gates] == [
        ("phase-1", "phase-2"),
        ("phase-2", "phase-3"),
        ("phase-3", "phase-4"),
        ("phase-4", None),
    ]
    assert {g.mode for g in definition.gates} == {"review"}


def test_avulsion_phase_one_gate_needs_six_weeks_and_the_surgeon_clearance():
    g = gate(load("hamstring-avulsion"), "phase-1")
    since = only(g, "days_since")
    assert (since.event, since.min) == ("surgery", 42)
    assert only(g, "check").key == "surgeon_cleared_fwb"


def test_avulsion_time_floors_count_from_surgery_or_from_the_injury_by_track():
    # The non-operative floors were missing: that track had no time floor at all.
    definition = load("hamstring-avulsion")
    for from_phase, days in (("phase-2", 84), ("phase-3", 140)):
        since = {c.event: c for c in criteria_of(gate(definition, from_phase), "days_since")}
        assert since.keys() == {"surgery", "injury"}
        assert since["surgery"].min == since["injury"].min == days
        assert since["surgery"].tracks == ("operative",)
        assert since["injury"].tracks == ("non_operative",)


def test_the_non_operative_track_requires_the_injury_date_and_is_not_called_a_repair():
    definition = load("hamstring-avulsion")
    tracks = {t.key: t for t in definition.tracks}
    assert tracks["non_operative"].requires == ("injury_date",)
    assert "repair" not in tracks["non_operative"].name.lower()
    assert "repair" not in definition.name.lower()
    assert "repair" not in definition.disclaimer.lower()
    shared = [p for p in definition.phases if not p.tracks]
    assert not [p.key for p in shared if "repair" in (p.aim + p.name).lower()]


def test_avulsion_phase_two_gate_reads_rest_pain_from_check_ins_and_exercise_pain_from_sessions():
    g = gate(load("hamstring-avulsion"), "phase-2")
    worst = {(c.source, c.field): (c.max, c.over.days) for c in criteria_of(g, "log_worst")}
    assert worst == {("checkin", "pain_rest"): (3, 7), ("session", "pain_during"): (3, 7)}
    assert {c.key for c in criteria_of(g, "check")} == {"normal_gait", "pain_free_isometric_90"}
    balance = only(g, "measurement")
    assert (balance.key, balance.min) == ("single_leg_balance_s", 15)


def test_avulsion_phase_three_gate_needs_run_level_six_without_a_flare():
    g = gate(load("hamstring-avulsion"), "phase-3")
    assert only(g, "days_in_phase").min == 28
    assert only(g, "run_level_reached").level == 6
    assert only(g, "no_flare").days == 14
    measures = {m.key: (m.min, m.within_days) for m in criteria_of(g, "measurement")}
    assert measures == {"knee_flexion_lsi": (80, None), "phat": (None, 28)}


def test_avulsion_discharge_needs_strength_a_sprint_and_a_shared_decision():
    g = gate(load("hamstring-avulsion"), "phase-4")
    assert only(g, "measurement").min == 90
    assert {c.key for c in criteria_of(g, "check")} == {"pain_free_sprint", "shared_decision_rts"}


def test_return_to_run_has_exactly_ten_levels_from_one_standard_track():
    definition = load("return-to-run")
    assert [p.key for p in definition.phases] == [f"level-{n}" for n in range(1, 11)]
    assert [(t.key, t.start_phase) for t in definition.tracks] == [("standard", "level-1")]


def test_return_to_run_levels_follow_the_walk_run_table():
    plans = {p.key: p.run_plan for p in load("return-to-run").phases}
    table = {
        1: (6, 1, 4),
        2: (6, 2, 3),
        3: (6, 3, 2),
        4: (6, 4, 1),
        5: (3, 8, 2),
        6: (2, 13, 2),
        7: (1, 20, 0),
        8: (1, 25, 0),
        9: (1, 30, 0),
        10: (1, 30, 0),
    }
    for level, expected in table.items():
        plan = plans[f"level-{level}"]
        assert (plan.repeats, plan.run_min, plan.walk_min) == expected, level
    assert "strides" in plans["level-10"].strides


def test_return_to_run_level_five_is_three_times_run_eight_walk_two():
    (level_five,) = [p for p in load("return-to-run").phases if p.key == "level-5"]
    plan = level_five.run_plan
    assert (plan.repeats, plan.run_min, plan.walk_min) == (3, 8, 2)


def test_return_to_run_shows_the_running_advice_on_every_level():
    for phase in load("return-to-run").phases:
        assert any("cadence" in line for line in phase.advice), phase.key
        assert any("strength programme" in line for line in phase.advice), phase.key


def test_return_to_run_moves_levels_automatically_and_level_ten_completes():
    definition = load("return-to-run")
    assert [(g.from_phase, g.to_phase) for g in definition.gates] == [
        (f"level-{n}", f"level-{n + 1}" if n < 10 else None) for n in range(1, 11)
    ]
    assert {g.mode for g in definition.gates} == {"auto"}


def test_return_to_run_advances_after_two_settled_runs_at_the_level():
    for g in load("return-to-run").gates:
        runs = only(g, "runs_at_level")
        assert (runs.min, runs.rest_day_between) == (2, True)
        worst = {c.field: c for c in criteria_of(g, "log_worst")}
        assert worst.keys() == {"pain_during", "pain_after"}
        for c in worst.values():
            assert (c.source, c.max, c.over.sessions, c.over.min_count) == ("run", 3, 2, 2)
        settled = only(g, "morning_pain_settled")
        assert (settled.after, settled.max_rise) == ("run", 0)


def test_return_to_run_entry_matches_section_six():
    entry = load("return-to-run").entry_criteria
    measures = {c.key: (c.min, c.both_sides) for c in entry if c.kind == "measurement"}
    assert measures == {
        "pain_free_walk_min": (30, False),
        "single_leg_squat_reps": (10, True),
        "single_leg_bridge_reps": (20, True),
    }
    (rest,) = [c for c in entry if c.kind == "days_meeting"]
    assert (rest.field, rest.max) == ("pain_rest", 0)
    assert [c.key for c in entry if c.kind == "check"] == ["pain_free_drop_lunge"]


def test_return_to_run_steps_back_at_once_on_red_a_morning_rise_or_a_limp():
    rules = load("return-to-run").rules
    assert rules.flare.action == "step_back"
    flare = {c.kind: c for c in rules.flare.when_any}
    assert flare.keys() == {"log_worst", "morning_pain_rise", "limp_reported"}
    assert (flare["log_worst"].source, flare["log_worst"].min) == ("run", "red")
    assert flare["morning_pain_rise"].up_by == 2
    hold = {c.kind: c for c in rules.hold.when_any}
    assert (hold["log_worst"].source, hold["log_worst"].min) == ("run", "amber")
    assert (hold["morning_pain_rise"].up_by, hold["morning_pain_rise"].after_loading) == (1, True)


def test_pht_stage_three_order_is_data_the_block_deadlift_then_hinges_then_lunge_and_nordic():
    (stage_3,) = [p for p in load("pht-loading").phases if p.key == "stage-3"]
    unlocks = {rx.exercise: rx.unlock for rx in stage_3.prescriptions}
    opening = {key for key, unlock in unlocks.items() if unlock is None}
    assert opening == {"block_straight_leg_deadlift", "heavy_bridge", "leg_curl", "ball_curl"}
    groups = {key: (u.group, u.after, u.sessions) for key, u in unlocks.items() if u}
    assert groups == {
        "single_leg_romanian_deadlift": ("single-leg-hinges", "sessions_tolerated", 4),
        "single_leg_good_morning": ("single-leg-hinges", "sessions_tolerated", 4),
        "lunge": ("lunge-and-nordic", "sessions_tolerated", 4),
        "nordic_hamstring_curl": ("lunge-and-nordic", "sessions_tolerated", 4),
    }
    order = [rx.unlock.group for rx in stage_3.prescriptions if rx.unlock]
    assert order.index("single-leg-hinges") < order.index("lunge-and-nordic")


def test_pht_stage_three_gate_needs_every_group_unlocked_and_the_last_done_twice():
    assert only(gate(load("pht-loading"), "stage-3"), "exercises_unlocked").sessions_after_last == 2


def test_avulsion_phase_one_hamstring_sets_wait_for_the_surgeon_check():
    (phase_1,) = [p for p in load("hamstring-avulsion").phases if p.key == "phase-1"]
    unlocks = {rx.exercise: rx.unlock for rx in phase_1.prescriptions}
    assert (unlocks["hamstring_sets"].after, unlocks["hamstring_sets"].check) == (
        "check",
        "surgeon_allows_hamstring_sets",
    )
    assert all(u is None for key, u in unlocks.items() if key != "hamstring_sets")


@pytest.mark.parametrize(
    ("unlock", "problem"),
    [
        ({"group": "g", "after": "sessions_tolerated"}, "takes 'sessions'"),
        ({"group": "g", "after": "check", "check": "normal_gait", "days": 3}, "takes 'check'"),
        (
            {"group": "g", "after": "check", "check": "no_such_check"},
            "Input should be 'normal_gait'",
        ),
    ],
)
def test_an_unlock_names_exactly_its_condition(unlock, problem):
    from protocols.schema import DefinitionError
    from tests.protocols.builders import minimal

    document = minimal()
    document["phases"][0]["prescriptions"][0]["unlock"] = unlock
    with pytest.raises(DefinitionError, match=problem):
        validate_definition(document, source="mini.yaml")


def test_one_unlock_group_has_one_condition():
    from protocols.schema import DefinitionError
    from tests.protocols.builders import minimal

    document = minimal()
    rx = document["phases"][0]["prescriptions"][0]
    document["phases"][0]["prescriptions"] = [
        {**rx, "unlock": {"group": "g", "after": "days_in_phase", "days": 7}},
        {**rx, "unlock": {"group": "g", "after": "days_in_phase", "days": 9}},
    ]
    with pytest.raises(DefinitionError, match="group 'g' unlocks on one condition"):
        validate_definition(document, source="mini.yaml")
