"""The phase-gate engine: pure Python, no Django.

Given a gate's criteria, the protocol's hold and flare rules and the patient's logs,
decide `advance` / `ready_for_review` / `hold` / `flare`, with one plain-words result
per criterion. Missing data is "not enough data yet": never a crash, never a pass.
Rules are PROTOCOLS.md section 2; the per-kind checks live in `rehab.gates.checks`.
"""

from dataclasses import dataclass, field
from typing import Literal

from rehab.gates.checks import CHECKS
from rehab.gates.types import (
    CriterionResult,
    PatientState,
)

Decision = Literal["advance", "ready_for_review", "hold", "flare"]


@dataclass(frozen=True)
class GateDecision:
    decision: Decision
    criteria: tuple[CriterionResult, ...]
    flare_reasons: tuple[CriterionResult, ...] = ()
    hold_reasons: tuple[CriterionResult, ...] = ()
    summary: str = ""
    evidence: tuple = field(default=(), compare=False)


def check(criterion, state: PatientState) -> CriterionResult:
    return CHECKS[criterion.kind](criterion, state)


def applicable(criteria, track: str):
    return [c for c in criteria if c.applies_to(track)]


def decide(
    *,
    gate_criteria,
    mode: Literal["auto", "review"] | None,
    hold_rules,
    flare_rules,
    state: PatientState,
) -> GateDecision:
    """Flare first (safety), then the gate's own criteria, then the hold rules.

    `mode` None means the phase has no exit gate: the patient stays (`hold`).
    """
    flares = tuple(
        r for r in (check(c, state) for c in applicable(flare_rules, state.track)) if r.met
    )
    results = tuple(check(c, state) for c in applicable(gate_criteria, state.track))
    holds = tuple(
        r for r in (check(c, state) for c in applicable(hold_rules, state.track)) if r.met
    )
    if flares:
        words = "; ".join(_plain(r) for r in flares)
        evidence = tuple(sorted((r.key, str(r.evidence_date)) for r in flares))
        return GateDecision("flare", results, flares, holds, f"Flare-up: {words}", evidence)
    if mode is None:
        return GateDecision("hold", results, (), holds, "This is the last phase: keep going.")
    unmet = [r for r in results if not r.met]
    if holds:
        words = "; ".join(_plain(r) for r in holds)
        return GateDecision("hold", results, (), holds, f"Hold this phase for now: {words}")
    if unmet:
        return GateDecision(
            "hold", results, (), (), f"{len(unmet)} of {len(results)} goals still to reach."
        )  # noqa: E501
    decision: Decision = "advance" if mode == "auto" else "ready_for_review"
    summary = "All goals met." + (
        "" if mode == "auto" else " Your physio will review the next step."
    )
    return GateDecision(decision, results, (), (), summary)


def _plain(r: CriterionResult) -> str:
    """A triggered rule's explanation without its "met: " prefix."""
    return r.explanation.removeprefix("met: ")
