"""The phase-gate engine: pure Python, no Django.

Given a gate's criteria, the protocol's hold and flare rules and the patient's logs,
decide `advance` / `ready_for_review` / `hold` / `flare`, with one plain-words result
per criterion. Missing data is "not enough data yet": never a crash, never a pass.
Rules are PROTOCOLS.md sections 2 and 9; the per-kind checks live in `rehab.gates.checks`.
"""

from dataclasses import dataclass, replace
from typing import Literal

from protocols.vocabulary import RED_FLAG_WORDS
from protocols.words import Words
from rehab.gates.checks import CHECKS
from rehab.gates.checks.morning import escalating_mornings
from rehab.gates.checks.running import strength_warning
from rehab.gates.types import CriterionResult, Evidence, PatientState

Decision = Literal["advance", "ready_for_review", "hold", "flare"]


@dataclass(frozen=True)
class GateDecision:
    decision: Decision
    criteria: tuple[CriterionResult, ...]
    flare_reasons: tuple[CriterionResult, ...] = ()  # triggers with evidence not yet acted on
    hold_reasons: tuple[CriterionResult, ...] = ()
    summary: str = ""
    summary_words: Words | None = None  # the summary as a template, for the reader's language
    blocked_by: tuple[str, ...] = ()  # open urgent red flags that stop any advance
    red_flags: tuple[tuple[str, Evidence], ...] = ()  # derived red flags, new evidence only
    warnings: tuple[str, ...] = ()  # shown to patient and physio; they decide nothing
    warnings_words: tuple[Words, ...] = ()  # the same, as templates

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """The new evidence behind a flare, each record once."""
        seen = {e.key: e for r in self.flare_reasons for e in r.evidence}
        return tuple(sorted(seen.values(), key=lambda e: (e.on, e.key)))


def check(criterion, state: PatientState) -> CriterionResult:
    return CHECKS[criterion.kind](criterion, state)


def applicable(criteria, track: str):
    return [c for c in criteria if c.applies_to(track)]


def fresh(result: CriterionResult, state: PatientState) -> bool:
    """A trigger acts only on evidence no earlier decision named (PROTOCOLS.md 9.1): acted-on
    evidence still counts in every window criterion, but never triggers again."""
    if not result.met:
        return False
    if not result.evidence:
        return True
    return any(e.key not in state.acted_on for e in result.evidence)


def flared_elsewhere(result: CriterionResult, state: PatientState) -> bool:
    """Every new piece of this trigger's evidence was acted on by another programme."""
    new = [e.key for e in result.evidence if e.key not in state.acted_on]
    return bool(new) and all(key in state.acted_elsewhere for key in new)


def triggered(rules, state: PatientState) -> tuple[CriterionResult, ...]:
    # An injection pauses the pain goals, never a flare or a hold (PROTOCOLS.md 9.7).
    unpaused = replace(state, last_injection=None)
    results = (check(c, unpaused) for c in applicable(rules, state.track))
    return tuple(r for r in results if fresh(r, state))


def derived_red_flags(state: PatientState) -> tuple[tuple[str, Evidence], ...]:
    """`escalating` from morning pain up by 2 on 3 consecutive days, once per episode. (A
    session or run at 8/10 or more raises it as it is written, in the same transaction.)"""
    found = escalating_mornings(state)
    return tuple(("escalating", e) for e in found if e.key not in state.red_flagged)


def late_evidence(state: PatientState) -> tuple[Evidence, ...]:
    """Sessions or runs entered after the patient moved into this phase but dated before
    it, outside the green zone: had they come in time they would have held the move
    (PROTOCOLS.md 9.1). Only new evidence; a past transition is never rewritten."""
    green_max = state.zones[0]
    if state.phase_started_at is None:
        return ()
    found = [
        Evidence(f"{source}:{log.id}", log.date)
        for source, logs in (("session", state.sessions), ("run", state.runs))
        for log in logs
        if log.date < state.phase_started_on
        and log.entered_at is not None
        and log.entered_at > state.phase_started_at
        and log.worst > green_max
    ]
    return tuple(e for e in found if e.key not in state.acted_on)


def decide(
    *,
    gate_criteria,
    mode: Literal["auto", "review"] | None,
    hold_rules,
    flare_rules,
    state: PatientState,
) -> GateDecision:
    """Flare first (safety), then the hold rules, open red flags, then the gate's criteria.

    `mode` None means the phase has no exit gate: the patient stays (`hold`).
    """
    flares = triggered(flare_rules, state)
    # A check-in that flared the patient's other programme holds this one (9.1): the flare
    # acts once per patient, and its alert names both.
    elsewhere = tuple(r for r in flares if flared_elsewhere(r, state))
    flares = tuple(r for r in flares if r not in elsewhere)
    # A flare found now counts in "no flare in N days" at once, by its evidence date.
    now = tuple(e.on for r in flares for e in r.evidence) or ((state.today,) if flares else ())
    judged = replace(state, flare_dates=state.flare_dates + now)
    results = tuple(check(c, judged) for c in applicable(gate_criteria, state.track))
    holds = elsewhere + triggered(hold_rules, state)
    warning = (
        strength_warning(state, plan_started_on=state.plan_started_on)
        if state.current_level is not None and state.plan_started_on
        else None
    )
    common = dict(
        criteria=results,
        red_flags=derived_red_flags(state),
        blocked_by=state.open_urgent_flags,
        warnings=(str(warning),) if warning else (),
        warnings_words=(warning,) if warning else (),
    )
    if flares:
        return GateDecision(
            "flare",
            flare_reasons=flares,
            hold_reasons=holds,
            **_summary(Words("Flare-up: {words}", words=_listed(flares))),
            **common,
        )
    if mode is None:
        return GateDecision(
            "hold", **_summary(Words("This is the last phase: keep going.")), **common
        )
    if holds:
        words = Words("Hold this phase for now: {words}", words=_listed(holds))
        return GateDecision("hold", hold_reasons=holds, **_summary(words), **common)
    unmet = [r for r in results if not r.met]
    if unmet:
        words = Words(
            "{unmet} of {total} goals still to reach.", unmet=len(unmet), total=len(results)
        )
        return GateDecision("hold", **_summary(words), **common)
    if state.open_urgent_flags:
        # An open urgent red flag blocks every advance until the physio clears it (9.8).
        flags = _joined([_flag(key) for key in state.open_urgent_flags])
        words = Words(
            "All goals met, but moving on waits until your physio clears: {flags}.", flags=flags
        )
        return GateDecision("hold", **_summary(words), **common)
    decision: Decision = "advance" if mode == "auto" else "ready_for_review"
    if mode == "auto":
        words = Words("All goals met.")
    else:
        words = Words("All goals met. Your physio will review the next step.")
    return GateDecision(decision, **_summary(words), **common)


def _summary(words: Words) -> dict:
    return {"summary": str(words), "summary_words": words}


def _listed(results) -> Words | str:
    """Triggered rules' explanations, each without its "met: " prefix, joined by "; "."""
    parts = [_plain(r) for r in results]
    joined = parts[-1]
    for part in reversed(parts[:-1]):
        joined = Words("{first}; {rest}", first=part, rest=joined)
    return joined


def _flag(key: str) -> Words:
    """A red flag's name in the patient's words, a template for the reader's language."""
    return Words(RED_FLAG_WORDS.get(key, key.replace("_", " ")))


def _joined(parts: list[Words]) -> Words:
    """Words listed with commas, each still a template."""
    joined = parts[-1]
    for part in reversed(parts[:-1]):
        joined = Words("{first}, {rest}", first=part, rest=joined)
    return joined


def _plain(r: CriterionResult) -> Words | str:
    """A triggered rule's explanation without its "met: " prefix."""
    words = r.explanation_words
    if words is not None and words.text == "met: {words}":
        return words.params["words"]
    return r.explanation.removeprefix("met: ")
