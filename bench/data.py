"""Bench data: clinics, physios and patients made through the project's services (for
the few that need tokens and realistic set-up), and, for the large runs, patients,
enrolments and daily logs written in bulk (bulk_create and COPY)."""

import datetime as dt
import random
import uuid

from django.db import connection
from django.utils import timezone
from knox.models import AuthToken

from patients.models import Clinic, Patient, User
from patients.services import create_patient
from protocols.models import ProtocolVersion
from rehab.enrolments import enrol
from rehab.models import Enrolment

PROTOCOL = "pht-loading"  # the most common protocol: a daily check-in and exercise session
BORN = dt.date(1985, 5, 17)


def today() -> dt.date:
    return timezone.now().date()  # bench patients live in UTC


def protocol_version(slug: str = PROTOCOL) -> ProtocolVersion:
    return ProtocolVersion.objects.filter(protocol__slug=slug, clinic__isnull=True).latest("number")


def clinic_with_physio(name: str) -> tuple[Clinic, User, str]:
    """A clinic and its physio; returns (clinic, physio, the physio's API token)."""
    clinic = Clinic.objects.create(name=name)
    physio = User.objects.create_user(
        email=f"physio@{clinic.pk}.bench",
        name=f"{name} physio",
        role=User.Role.PHYSIO,
        clinic=clinic,
    )
    return clinic, physio, AuthToken.objects.create(user=physio)[1]


def enrolled_patients(physio: User, count: int, *, started: dt.date) -> list[tuple[Patient, str]]:
    """Patients created and enrolled through the services; returns (patient, API token)."""
    version = protocol_version()
    people = []
    for n in range(count):
        patient, _invite = create_patient(
            created_by=physio,
            name=f"Bench Patient {n:05d}",
            email=f"patient{n}@{physio.clinic_id}.bench",
            date_of_birth=BORN,
            timezone_name="UTC",
        )
        enrol(patient=patient, version=version, side="left", start_date=started, created_by=physio)
        people.append((patient, AuthToken.objects.create(user=patient.user)[1]))
    return people


def bulk_enrolled_patients(clinic: Clinic, physio: User, count: int, *, started: dt.date):
    """`count` patients, each with one active enrolment, in a few bulk INSERTs.
    Returns the enrolments (with patient_id)."""
    users = User.objects.bulk_create(
        [
            User(email=f"bulk{n}@{clinic.pk}.bench", name=f"Bulk Patient {n:05d}", password="!")
            for n in range(count)
        ],
        batch_size=5000,
    )
    patients = Patient.objects.bulk_create(
        [
            Patient(
                user=user, clinic=clinic, date_of_birth=BORN, timezone="UTC", treating_physio=physio
            )
            for user in users
        ],
        batch_size=5000,
    )
    version = protocol_version()
    track = version.parsed.tracks[0]
    first_phase = version.phases.get(key=track.start_phase)
    return Enrolment.objects.bulk_create(
        [
            Enrolment(
                patient=patient,
                protocol_id=version.protocol_id,
                version=version,
                track=track.key,
                side="left",
                start_date=started,
                current_phase=first_phase,
                phase_started_on=started,
                created_by=physio,
            )
            for patient in patients
        ],
        batch_size=5000,
    )


def copy_rows(table: str, columns: tuple[str, ...], rows) -> int:
    """COPY rows into a table (far faster than INSERTs for millions of rows)."""
    count = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


CHECKIN_COLUMNS = (
    "id",
    "patient_id",
    "date",
    "pain_rest",
    "pain_morning",
    "sitting_minutes",
    "load_test_pain",
    "red_flags",
    "note",
    "created_at",
    "updated_at",
)
SESSION_COLUMNS = (
    "id",
    "patient_id",
    "enrolment_id",
    "date",
    "pain_during",
    "pain_after",
    "rpe",
    "exercises",
    "note",
    "created_at",
    "updated_at",
)


def _pain(rng: random.Random, base: float) -> int:
    return max(0, min(10, round(base + rng.uniform(-1, 1))))


def daily_checkins(patient_ids, days: int, *, last_day: dt.date, seed: int = 1):
    """One check-in a day for `days` days up to `last_day`; pain easing from ~4 to ~1."""
    rng, now = random.Random(seed), timezone.now()
    for patient_id in patient_ids:
        for k in range(days):
            base = 4 - 3 * k / max(days - 1, 1)
            yield (
                uuid.uuid4(),
                patient_id,
                last_day - dt.timedelta(days=days - 1 - k),
                _pain(rng, base - 1),
                _pain(rng, base),
                30 + k,
                _pain(rng, base - 0.5),
                "[]",
                "",
                now,
                now,
            )


def daily_sessions(enrolments, days: int, *, last_day: dt.date, exercises: str, seed: int = 2):
    """An exercise session on about 6 days in 7, for each enrolment."""
    rng, now = random.Random(seed), timezone.now()
    for enrolment in enrolments:
        for k in range(days):
            if rng.random() > 0.85:
                continue
            base = 4 - 3 * k / max(days - 1, 1)
            yield (
                uuid.uuid4(),
                enrolment.patient_id,
                enrolment.pk,
                last_day - dt.timedelta(days=days - 1 - k),
                _pain(rng, base),
                _pain(rng, base - 1),
                rng.randint(4, 8),
                exercises,
                "",
                now,
                now,
            )


def prescribed_exercises_json(phase) -> str:
    """The phase's prescription as a session's `exercises` JSON."""
    import json

    return json.dumps(
        [
            {"exercise": rx.exercise.key, "sets": rx.sets, "reps": rx.reps}
            for rx in phase.prescriptions.select_related("exercise")
        ]
    )
