"""The physio's caseload: every patient of the clinic, most urgent first.

Built in a fixed number of queries whatever the caseload size: one for the patients,
one for open alerts (to rank them all), then, for the page shown, one each for
enrolments, check-ins and sessions of the last 14 days.
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Prefetch, QuerySet

from patients import access
from protocols.models import Prescription
from rehab.models import Alert, CheckIn, Enrolment, ExerciseSession

DAYS = 14
# Most urgent first: open red flags, flares, ready for review, stalled, not responding.
KIND_RANK = {"red_flag": 0, "flare": 1, "ready_for_review": 2, "stalled": 3, "not_responding": 4}
SEVERITY_RANK = {"urgent": 0, "high": 1, "routine": 2}
ON_TRACK = len(KIND_RANK)


def caseload_patients(user, *, mine: bool = False, query: str = "") -> QuerySet:
    patients = access.visible_patients(user)
    if mine:
        patients = patients.filter(treating_physio=user)
    if query.strip():
        patients = patients.filter(user__name__icontains=query.strip())
    return patients


def ranked(patients: QuerySet) -> list:
    """All matching patients, most urgent first (two queries)."""
    people = list(patients)
    open_alerts = defaultdict(list)
    alerts = Alert.objects.filter(patient__in=patients, acknowledged_at__isnull=True).values_list(
        "patient_id", "kind", "severity", "created_at"
    )
    for patient_id, kind, severity, created_at in alerts:
        open_alerts[patient_id].append((KIND_RANK[kind], SEVERITY_RANK[severity], created_at, kind))
    for patient in people:
        flags = sorted(open_alerts.get(patient.pk, []), key=lambda a: (a[0], a[1], a[2]))
        patient.flags = list(dict.fromkeys(kind for *_, kind in flags))  # unique, most urgent first
        patient.urgency = (
            (flags[0][0], flags[0][1], flags[0][2].timestamp()) if flags else (ON_TRACK, 0, 0)
        )  # noqa: E501
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
        )  # noqa: E501
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
    planned = sum(
        max((rx.sessions_per_week for rx in e.current_phase.prescriptions.all()), default=0)
        for e in enrolments
    ) * DAYS / 7  # fmt: skip
    done = sum(sessions.get((patient.pk, d), 0) for d in days)
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
                },  # noqa: E501
                "days_in_phase": (today - e.phase_started_on).days,
                "decision": (e.gate_snapshot or {}).get("decision"),
            }
            for e in enrolments
        ],
        "flags": patient.flags,
        "pain_14d": [worst_by_day.get(d) for d in days],
        "adherence_14d": round(min(done / planned, 1) * 100) if planned else None,
        "last_logged": max((d for d in worst_by_day if d <= today), default=None),
    }
