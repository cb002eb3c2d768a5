"""One protocol's page: its pain rules, entry, phases with their prescriptions and gates,
exercises and references."""

from protocols.docs.rules import FLARE_ACTIONS, MODE_WORDS, criteria_table, zone_words
from protocols.docs.text import EDITABLE, SUPPORTS, b, cell, table
from protocols.schema import Definition, Gate, Phase, Prescription, Unlock
from protocols.vocabulary import CODE_WORDS, MEASURE_WORDS, RED_FLAG_BY_KEY
from protocols.zones import Zones

INDEX = "README.md"
GENERATED = (
    "*Generated from `protocols/definitions/{source}` by `make docs` "
    "(`manage.py write_protocol_docs`). Edit the definition file, not this page.*"
)


def dose(rx: Prescription) -> str:
    if rx.reps is None:  # timed: holds, balance, drills
        parts = [f"{b(rx.sets)} × {b(rx.hold_s)} s" if rx.sets else f"{b(rx.hold_s)} s"]
    else:
        parts = [f"{b(rx.sets)} × {b(rx.reps)}" if rx.sets else f"{b(rx.reps)} reps"]
        if rx.hold_s:
            parts.append(f"{b(rx.hold_s)} s hold")
    if rx.rest_s:
        parts.append(f"{b(rx.rest_s)} s rest")
    return ", ".join(parts)


def unlock_words(unlock: Unlock | None) -> str:
    if unlock is None:
        return "from the start"
    if unlock.label:
        return unlock.label
    if unlock.after == "sessions_tolerated":
        return (
            f"after {b(unlock.sessions)} more tolerated sessions, once the groups before "
            f"it are open (group `{unlock.group}`)"
        )
    if unlock.after == "days_in_phase":
        return f"after {b(unlock.days)} days in the phase"
    return f"when the physio records: {MEASURE_WORDS[unlock.check]}"


def phase_lines(d: Definition, number: int, phase: Phase) -> list[str]:
    names = {e.key: e.name for e in d.exercises}
    lines = [f"### {number}. {phase.name} (`{phase.key}`)", ""]
    if phase.tracks:
        tracks = ", ".join(CODE_WORDS["tracks"][t] for t in phase.tracks)
        lines.append(f"- Track: {tracks} only")
    if phase.typical_duration:
        lines.append(f"- Typical duration: {phase.typical_duration}")
    lines.append(f"- Aim: {cell(phase.aim)}")
    if phase.avoid:
        lines.append("- Avoid: " + "; ".join(phase.avoid))
    if phase.run_plan:
        plan = phase.run_plan
        if plan.walk_min:
            words = f"{b(plan.repeats)} × (run {b(plan.run_min)} min, walk {b(plan.walk_min)} min)"
        else:
            words = f"run {b(plan.run_min)} min continuous"
            words = f"{b(plan.repeats)} × ({words})" if plan.repeats > 1 else words
        lines.append(f"- Run plan: {words}" + (f"; {plan.strides}" if plan.strides else ""))
    if phase.forbids_running:
        lines.append("- No running in this phase: a return-to-run enrolment is refused.")
    if not phase.step_back_into:
        lines.append("- Once left, a flare never proposes stepping back into this phase.")
    first = next(p for p in d.phases if p.advice == phase.advice)
    if phase.advice and first is not phase:
        lines.append(f"- Advice: as in {first.name}.")
    else:
        lines += [f"- Advice: {cell(a)}" for a in phase.advice]
    lines.append("")
    if phase.prescriptions:
        rows = [
            (
                names[rx.exercise],
                dose(rx),
                rx.load,
                f"{b(rx.sessions_per_week)} a week",
                unlock_words(rx.unlock),
                rx.notes,
            )
            for rx in phase.prescriptions
        ]
        lines += table(("Exercise", "Dose", "Load", "Sessions", "Prescribed", "Notes"), rows)
    return lines


def gate_lines(d: Definition, gate: Gate, before: list[Gate]) -> list[str]:
    names = {p.key: p.name for p in d.phases}
    target = (
        f"{names[gate.to_phase]} (`{gate.to_phase}`)"
        if gate.to_phase
        else "completing the programme"
    )
    lines = [f"**Gate to {target}**, {MODE_WORDS[gate.mode]}.", ""]
    same = next((g for g in before if g.criteria == gate.criteria), None)
    if same is not None:
        return lines + [f"The same criteria as the gate out of {names[same.from_phase]}.", ""]
    zones = d_zones(d)
    return lines + criteria_table(gate.criteria, zones)


def d_zones(d: Definition) -> Zones:
    return (d.rules.pain_zones.green_max, d.rules.pain_zones.amber_max)


def track_words(d: Definition) -> str:
    starts = {p.key: p.name for p in d.phases}
    words = []
    for t in d.tracks:
        needs = ", ".join(r.replace("_", " ") for r in t.requires)
        words.append(f"{t.name}: starts in {starts[t.start_phase]}")
        words[-1] += f" (needs the {needs})" if needs else ""
    return "; ".join(words)


def rules_lines(d: Definition) -> list[str]:
    """Pain monitoring: the zones, the hold and flare rules, and the alerts over time."""
    zones = d_zones(d)
    washout, weeks = d.rules.injection_washout_days, d.rules.not_responding_weeks
    lines = [
        "## Pain monitoring",
        "",
        f"- Pain zones: {zone_words(zones)}.",
        f"- After an injection, pain goals are paused for {b(washout)} days, so that masked "
        "pain cannot open a gate.",
        f"- No advance in {b(weeks)} weeks raises a routine *not responding* alert for the "
        "physio (where the phase has a gate).",
        "",
        "**Hold** (stay in the phase, do not progress) when any of these is true:",
        "",
    ]
    lines += criteria_table(d.rules.hold.when_any, zones)
    lines += [f"**Flare** when any of these is true: {FLARE_ACTIONS[d.rules.flare.action]}.", ""]
    return lines + criteria_table(d.rules.flare.when_any, zones)


def entry_lines(d: Definition) -> list[str]:
    lines = []
    if d.entry_criteria:
        lines += ["## Entry", ""]
        if d.entry_check:
            lines += [
                f"The physio confirms the entry when enrolling (the check "
                f"*{MEASURE_WORDS[d.entry_check]}*, recorded on the start date), or every "
                f"item below is met by records from the {b(d.entry_within_days)} days up to "
                "the start date.",
                "",
            ]
        lines += criteria_table(d.entry_criteria, d_zones(d))
    for key in d.intake_red_flags:
        message = RED_FLAG_BY_KEY[key].message
        lines += [f"At enrolment, the red flag *{key}* is raised where it applies: {message}", ""]
    return lines


def protocol_page(d: Definition) -> str:
    lines = [f"# {d.name}", "", GENERATED.format(source=f"{d.slug}.yaml"), "", SUPPORTS, ""]
    facts = [
        ("Condition", d.condition),
        ("Protocol", f"`{d.slug}`"),
        ("Tracks", track_words(d)),
        ("All protocols", f"[index]({INDEX})"),
    ]
    lines += table(("", ""), facts)
    lines += [cell(d.summary), "", f"What the patient reads: *{cell(d.disclaimer)}*", ""]
    lines += [EDITABLE, ""]
    lines += rules_lines(d)
    lines += entry_lines(d)

    lines += ["## Phases and gates", ""]
    gates_done: list[Gate] = []
    for number, phase in enumerate(d.phases, start=1):
        lines += phase_lines(d, number, phase)
        for gate in (g for g in d.gates if g.from_phase == phase.key):
            lines += gate_lines(d, gate, gates_done)
            gates_done.append(gate)

    if d.exercises:
        lines += ["## Exercises", ""]
        rows = [(e.name, e.description, e.hip_flexion, "; ".join(e.cues)) for e in d.exercises]
        lines += table(("Exercise", "How", "Hip flexion", "Cues"), rows)
    lines += ["## References", ""]
    for r in d.references:
        lines.append(f"- `{r.key}`: {cell(r.citation)}" + (f" <{r.url}>" if r.url else ""))
    return "\n".join(lines).rstrip() + "\n"
