"""Review proposals, written a chunk at a time: a gate that is ready for review proposes
the move to the physio, once, and not again for 7 local dates after a decline
(PROTOCOLS.md 9.11). `decisions.act` queues them; `services.evaluate_many` flushes."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Q

from protocols.models import Phase
from rehab.alerts import new_alert
from rehab.decisions import gate_of
from rehab.models import Alert, PhaseTransition

DECLINED_QUIET_DAYS = 7  # after a decline, the same advance waits 7 local dates (9.11)


class Proposals:
    """The review proposals of a chunk, written together: a constant number of queries
    per chunk, not one round of them per enrolment that is ready for review.

    `add` queues what `act` decided; `flush` reads, for every queued enrolment at once,
    its pending proposal, declined proposals and overrides (the quiet period, 9.11) and
    the target phases, then inserts the new proposals and their alerts in one statement
    each. The one pending proposal per enrolment stays the database's constraint, as
    does the one open alert (a conflicting alert is skipped, as `raise_alert` skips it).
    A routine ready-for-review alert sends nothing (only urgent ones email). An action of
    a sibling enrolment may close the patient's proposals (a flare, 9.10), so whoever
    acts on a patient with a queued proposal flushes first (`flush_for`): the rows are
    the ones that writing each proposal at once would leave."""

    def __init__(self):
        self.queued = []  # (enrolment, the transition's common fields, the date judged)
        self.patients = set()

    def add(self, enrolment, common, today) -> None:
        self.queued.append((enrolment, common, today))
        self.patients.add(enrolment.patient_id)

    def flush_for(self, patient_id: int) -> None:
        if patient_id in self.patients:
            self.flush()

    def flush(self) -> None:
        queued, self.queued, self.patients = self.queued, [], set()
        if not queued:
            return
        ids = [enrolment.pk for enrolment, _, _ in queued]
        pending, decided = set(), {}
        rows = PhaseTransition.objects.filter(enrolment_id__in=ids).filter(
            Q(status="pending")
            | Q(decision="ready_for_review", status="declined")
            | Q(decision="override")
        )
        fields = ("enrolment_id", "from_phase_id", "to_phase_id", "decision", "status")
        for row in rows.only(*fields, "created_at", "decided_at"):
            if row.status == "pending":
                pending.add(row.enrolment_id)
            decided.setdefault(row.enrolment_id, []).append(row)
        phases = {
            (phase.version_id, phase.key): phase
            for phase in Phase.objects.filter(version_id__in={e.version_id for e, _, _ in queued})
        }
        transitions, alerts = [], []
        for enrolment, common, today in queued:
            key = gate_of(enrolment).to_phase
            to_phase = phases[enrolment.version_id, key] if key else None
            if enrolment.pk in pending:
                continue
            if in_quiet_period(enrolment, to_phase, today, decided.get(enrolment.pk, ())):
                continue
            transitions.append(
                PhaseTransition(
                    **common, to_phase=to_phase, decision="ready_for_review", status="pending"
                )
            )
            target = to_phase.name if to_phase else "discharge"
            alerts.append(
                new_alert(
                    patient=enrolment.patient,
                    enrolment=enrolment,
                    kind=Alert.Kind.READY_FOR_REVIEW,
                    severity=Alert.Severity.ROUTINE,
                    message=f"Meets every goal of {enrolment.current_phase.name}: "
                    f"ready for {target}.",
                )
            )
        PhaseTransition.objects.bulk_create(transitions)
        Alert.objects.bulk_create(alerts, ignore_conflicts=True)


def in_quiet_period(enrolment, to_phase, today, transitions) -> bool:
    """A declined advance is not proposed again for 7 local dates from the decline; an
    override since then ends the quiet period (PROTOCOLS.md 9.11). `transitions`: the
    enrolment's declined proposals and overrides (any others are ignored)."""
    declines = [
        t.decided_at
        for t in transitions
        if t.decision == "ready_for_review"
        and t.status == "declined"
        and t.from_phase_id == enrolment.current_phase_id
        and t.to_phase_id == (to_phase.pk if to_phase else None)
        and t.decided_at is not None  # a decline is always dated (reviews._close)
    ]
    if not declines:
        return False
    declined_at = max(declines)
    overridden_since = any(
        t.decision == "override" and t.created_at > declined_at for t in transitions
    )
    declined_on = declined_at.astimezone(ZoneInfo(enrolment.patient.timezone)).date()
    return not overridden_since and today < declined_on + dt.timedelta(days=DECLINED_QUIET_DAYS)
