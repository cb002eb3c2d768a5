"""The physio's caseload: every patient of the clinic, most urgent first.

Built in a fixed number of queries whatever the caseload size: one for the patients,
one each for open alerts, stored gates and unread notes (to rank them all), then, for
the page shown, one each for enrolments, check-ins and sessions of the last 14 days.

Reasons rank by severity before kind (an urgent red flag, then a high flare, before
anything routine); a gate that waits only on the physio's own checks or measurements,
and notes from the patient not yet read, are routine reasons of their own.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping

from django.db.models import Prefetch, QuerySet

from patients import access
from protocols.models import Prescription
from rehab.models import Alert, CheckIn, Enrolment, ExerciseSession

DAYS = 14
# Adherence is not judged before a week of the programme has passed (it reads "n/a").
ADHERENCE_MIN_DAYS = 7
# Within one severity: red flags, flares, ready for review, waiting on the physio's check,
# unread notes, stalled, not responding.
KIND_RANK = {"red_flag": 0, "flare": 1, "ready_for_review": 2, "waiting_on_check": 3,
             "note": 4, "stalled": 5, "not_responding": 6}  # fmt: skip
SEVERITY_RANK = {"urgent": 0, "high": 1, "routine": 2}
ON_TRACK = (len(SEVERITY_RANK), 0, 0)


def caseload_patients(user, *, mine: bool = False, query: str = "") -> QuerySet:
    patients = access.visible_patients(user)
    if mine:
        patients = patients.filter(treating_physio=user)
    if query.strip():
        patients = patients.filter(user__name__icontains=query.strip())
    return patients


def waiting_on_physio(gate: dict | None) -> list[str]:
    """The labels of the physio's own checks and clinician measurements a stored gate still
    lacks, when nothing else holds it (no other unmet criterion, no flare or hold, no
    open red flag). A check recorded as "no", or a measurement recorded below its
    target, is the patient's progress, not a missing check."""
    if not gate or gate.get("flare_reasons") or gate.get("hold_reasons") or gate.get("blocked_by"):
        return []
    unmet = [c for c in gate.get("criteria", []) if not c.get("met")]
    missing = [c["label"] for c in unmet if _physio_records_it(c) and c.get("observed") is None]
    return missing if unmet and len(missing) == len(unmet) else []


def _physio_records_it(criterion: dict) -> bool:
    # A measurement with no target to reach ("recorded") is a questionnaire the patient
    # fills in (PHAT, VISA-H); the others are the clinician's tests.
    return criterion.get("key") == "check" or (
        criterion.get("key") == "measurement" and criterion.get("target") != "recorded"
    )


def ranked(patients: QuerySet, *, unread: Mapping[int, int] | None = None) -> list:
    """All matching patients, most urgent first (three queries). `unread`: per patient,
    the notes the caller has not read (conversations.services.unread_for_staff)."""
    people = list(patients)
    reasons = defaultdict(list)  # patient -> [(severity rank, kind rank, since, kind)]
    alerts = Alert.objects.filter(patient__in=patients, acknowledged_at__isnull=True).values_list(
        "patient_id", "kind", "severity", "created_at"
    )
    for patient_id, kind, severity, created_at in alerts:
        reasons[patient_id].append(
            (SEVERITY_RANK[severity], KIND_RANK[kind], created_at.timestamp(), kind)
        )
    waiting = defaultdict(list)
    for patient_id, gate in Enrolment.objects.filter(
        patient__in=patients, status="active"
    ).values_list("patient_id", "gate_snapshot"):
        waiting[patient_id] += waiting_on_physio(gate)
    unread = unread or {}
    routine = SEVERITY_RANK["routine"]
    for patient in people:
        patient.waiting_on = list(dict.fromkeys(waiting.get(patient.pk, [])))
        patient.unread = unread.get(patient.pk, 0)
        found = reasons.get(patient.pk, [])
        if patient.waiting_on:
            found.append((routine, KIND_RANK["waiting_on_check"], 0, "waiting_on_check"))
        if patient.unread:
            found.append((routine, KIND_RANK["note"], 0, "note"))
        found.sort(key=lambda r: r[:3])
        patient.flags = list(dict.fromkeys(k for *_, k in found if k in Alert.Kind.values))
        patient.needs = list(dict.fromkeys(kind for *_, kind in found))  # most urgent first
        patient.urgency = found[0][:3] if found else ON_TRACK
    return sorted(people, key=lambda p: (p.urgency, p.name.lower()))


def rows(patients: list) -> list[dict]:
    """Caseload rows for one page of ranked patients (three more queries)."""
    ids = [p.pk for p in patients]
    earliest = dt.date.today() - dt.timedelta(days=DAYS + 1)  # widened below per time zone
    enrolments = defaultdict(list)
    for enrolment in (
        Enrolment.objects.filter(patient_id__in=ids, status="active")
        .select_related("protocol", "current_phase")
        .prefetch_related(
            Prefetch(
                "current_phase__prescriptions",
                Prescription.objects.only("phase_id", "sessions_per_week"),
            )
        )
        .order_by("id")
    ):
        enrolments[enrolment.patient_id].append(enrolment)
    worst = defaultdict(dict)  # patient -> date -> worst pain of the day
    for patient_id, day, rest, morning in CheckIn.objects.filter(
        patient_id__in=ids, date__gte=earliest
    ).values_list("patient_id", "date", "pain_rest", "pain_morning"):
        worst[patient_id][day] = max(rest, morning, worst[patient_id].get(day, 0))
    sessions = defaultdict(int)
    for patient_id, day, during in ExerciseSession.objects.filter(
        patient_id__in=ids, date__gte=earliest
    ).values_list("patient_id", "date", "pain_during"):
        worst[patient_id][day] = max(during, worst[patient_id].get(day, 0))
        sessions[(patient_id, day)] += 1
    return [_row(p, enrolments[p.pk], worst[p.pk], sessions) for p in patients]


def _row(patient, enrolments, worst_by_day, sessions) -> dict:
    today = patient.local_today()
    days = [today - dt.timedelta(days=DAYS - 1 - k) for k in range(DAYS)]
    # Judge adherence only over days of the programme, and not before a week of it.
    started = min((e.start_date for e in enrolments), default=today)
    judged = [d for d in days if d >= started]
    planned = sum(
        max((rx.sessions_per_week for rx in e.current_phase.prescriptions.all()), default=0)
        for e in enrolments
    ) * len(judged) / 7  # fmt: skip
    if (today - started).days + 1 < ADHERENCE_MIN_DAYS:
        planned = 0
    done = sum(sessions.get((patient.pk, d), 0) for d in judged)
    return {
        "patient": {"id": patient.pk, "name": patient.name},
        "treating_physio": patient.treating_physio_id,
        "enrolments": [
            {
                "id": e.pk,
                "protocol": e.protocol.slug,
                "phase": {
                    "key": e.current_phase.key,
                    "name": e.current_phase.name,
                    "index": e.current_phase.index,
                },
                "days_in_phase": (today - e.phase_started_on).days,
                "decision": (e.gate_snapshot or {}).get("decision"),
            }
            for e in enrolments
        ],
        "flags": patient.flags,
        # Every reason the patient needs the physio, most urgent first: the open alert
        # kinds, "waiting_on_check" (named in waiting_on) and "note" (unread notes).
        "needs": patient.needs,
        "waiting_on": patient.waiting_on,
        "unread": patient.unread,
        "pain_14d": [worst_by_day.get(d) for d in days],
        "adherence_14d": round(min(done / planned, 1) * 100) if planned else None,
        "last_logged": max((d for d in worst_by_day if d <= today), default=None),
    }
