"""The phase-gate engine: pure Python, no Django (PROTOCOLS.md sections 2 and 9).

`types` holds what it reads and returns, `checks/` one check per criterion kind grouped
by what it reads, and `engine` the decision order.
"""

from rehab.gates.engine import Decision, GateDecision, applicable, check, decide, late_evidence
from rehab.gates.types import (
    CheckInLog,
    CriterionResult,
    MeasurementLog,
    PatientState,
    RunLog,
    SessionLog,
)

__all__ = [
    "CheckInLog",
    "CriterionResult",
    "Decision",
    "GateDecision",
    "MeasurementLog",
    "PatientState",
    "RunLog",
    "SessionLog",
    "applicable",
    "check",
    "decide",
    "late_evidence",
]
