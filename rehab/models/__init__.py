"""The rehab app's models, one module per concept: enrolments and their phase moves
(enrolments), the decision ledger (ledger), the patient's logs (logs), alerts for the physio
(alerts) and the news cards a patient has read (news).

Every model is importable from here (`from rehab.models import CheckIn`), the one path the
rest of the project uses; `config.settings` names `rehab.models.Side` too.
"""

from rehab.models.alerts import Alert
from rehab.models.enrolments import Enrolment, PhaseTransition, Side
from rehab.models.ledger import ActedEvidence
from rehab.models.logs import (
    CheckIn,
    ExerciseSession,
    LiveLogs,
    LogRecord,
    Measurement,
    Run,
    Treatment,
    pain_field,
    unread_note_index,
)
from rehab.models.news import NewsDismissal

__all__ = [
    "ActedEvidence",
    "Alert",
    "CheckIn",
    "Enrolment",
    "ExerciseSession",
    "LiveLogs",
    "LogRecord",
    "Measurement",
    "NewsDismissal",
    "PhaseTransition",
    "Run",
    "Side",
    "Treatment",
    "pain_field",
    "unread_note_index",
]
