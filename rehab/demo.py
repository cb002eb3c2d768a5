"""Demo people and weeks of realistic logs, so the dashboard and charts are alive on
first run. Deterministic (seeded) and idempotent: a patient who already has an
enrolment is left as they are."""

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction

from patients.models import Clinic, Patient, User
from plans import services as plan_services
from protocols.models import ProtocolVersion
from rehab import logs
from rehab.enrolments import enrol
from rehab.models import CheckIn, Enrolment, ExerciseSession, Measurement, Run
from rehab.tasks import evaluate_chunk

CLINICS = [("Demo Clinic", "demo.clinic"), ("Other Clinic", "other.clinic")]


@dataclass(frozen=True)
class DemoPatient:
    email: str
    name: str
    born: dt.date
    timezone: str
    domain: str
    protocol: str
    story: str  # improving | flare | red_flag | stopped | early
    days: int  # how long ago they started
    track: str | None = None
    today_open: bool = False  # leaves today's check-in and session to do, to try the app


DEMO_PATIENTS = [
    DemoPatient(
        "sam@demo.patient",
        "Sam Carter",
        dt.date(1988, 4, 12),
        "Europe/London",
        "demo.clinic",
        "pht-loading",
        "improving",
        24,
        today_open=True,
    ),
    DemoPatient(
        "ana@demo.patient",
        "Ana Silva",
        dt.date(1979, 9, 3),
        "Europe/Lisbon",
        "demo.clinic",
        "hamstring-avulsion",
        "improving",
        50,
        "operative",
    ),
    DemoPatient(
        "li@demo.patient",
        "Li Wei",
        dt.date(1995, 1, 27),
        "Pacific/Auckland",
        "demo.clinic",
        "pht-loading",
        "flare",
        30,
    ),
    DemoPatient(
        "jo@demo.patient",
        "Jo Brown",
        dt.date(1983, 6, 30),
        "America/Los_Angeles",
        "demo.clinic",
        "return-to-run",
        "red_flag",
        20,
    ),
    DemoPatient(
        "max@demo.patient",
        "Max Moss",
        dt.date(1990, 2, 14),
        "Europe/London",
        "demo.clinic",
        "hamstring-avulsion",
        "stopped",
        28,
        "non_operative",
    ),
    DemoPatient(
        "kim@other.patient",
        "Kim Park",
        dt.date(1991, 11, 8),
        "Europe/Berlin",
        "other.clinic",
        "hamstring-avulsion",
        "improving",
        35,
        "non_operative",
    ),
]


@transaction.atomic
def seed(*, password: str) -> list[str]:
    """Create everything; return the logins to print."""
    physios, logins = {}, []
    for clinic_name, domain in CLINICS:
        clinic, _ = Clinic.objects.get_or_create(name=clinic_name)
        _staff(f"admin@{domain}", f"{clinic_name} admin", User.Role.CLINIC_ADMIN, clinic, password)
        physios[domain] = _staff(
            f"physio@{domain}", f"{clinic_name} physio", User.Role.PHYSIO, clinic, password
        )
        logins += [f"admin@{domain}", f"physio@{domain}"]
    versions = {
        v.protocol.slug: v
        for v in ProtocolVersion.objects.filter(clinic__isnull=True).select_related("protocol")
    }
    for demo in DEMO_PATIENTS:
        patient = _patient(demo, physios[demo.domain], password)
        logins.append(demo.email)
        if demo.protocol in versions and not patient.enrolments.exists():
            _story(demo, patient, versions[demo.protocol], physios[demo.domain])
    # One evaluation per enrolment, as the nightly job would (also raises stalled alerts).
    evaluate_chunk(list(Enrolment.objects.filter(status="active").values_list("id", flat=True)))
    return logins


def _staff(email, name, role, clinic, password):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=password,
            name=name,
            role=role,
            clinic=clinic,
            is_staff=role == User.Role.CLINIC_ADMIN,  # clinic admins use the Django admin
        )
    return user


def _patient(demo: DemoPatient, physio: User, password: str) -> Patient:
    user = User.objects.filter(email=demo.email).first()
    if user is None:
        user = User.objects.create_user(email=demo.email, password=password, name=demo.name)
        Patient.objects.create(
            user=user,
            clinic=physio.clinic,
            date_of_birth=demo.born,
            timezone=demo.timezone,
            treating_physio=physio,
        )
    return user.patient


def _story(demo: DemoPatient, patient: Patient, version, physio) -> None:
    rng = random.Random(demo.email)
    today = patient.local_today()
    start = today - dt.timedelta(days=demo.days)
    surgery = start if demo.track == "operative" else None
    enrolment = enrol(
        patient=patient,
        version=version,
        side=rng.choice(["left", "right"]),
        start_date=start,
        created_by=physio,
        track=demo.track,
        surgery_date=surgery,
        injury_date=start - dt.timedelta(days=10),
        entry_confirmed=True,  # the physio confirmed the entry, where a plan has one
    )
    last_day = demo.days - (6 if demo.story == "stopped" else 1 if demo.today_open else 0)
    for n in range(last_day + 1):
        day = start + dt.timedelta(days=n)
        progress = n / max(demo.days, 1)  # 0 at the start, 1 today
        base = 4 - 3 * progress  # improving pain, from about 4/10 to about 1/10
        flaring = demo.story == "flare" and n == demo.days  # a flare-up this morning
        morning = _clamp(base + rng.uniform(-0.6, 0.6) + (3 if flaring else 0))
        red_flags = ["sciatic"] if demo.story == "red_flag" and n == demo.days else []
        _write(
            CheckIn,
            patient,
            day,
            dict(
                pain_rest=_clamp(base - 1.5 + rng.uniform(-0.5, 0.5)),
                pain_morning=morning,
                sitting_minutes=int(20 + 60 * progress + rng.uniform(-10, 10)),
                load_test_pain=_clamp(base - 0.5 + rng.uniform(-0.5, 0.5)),
                red_flags=red_flags,
            ),
        )
        if demo.protocol == "return-to-run":
            if n % 2 == 0:
                plan = enrolment.current_phase.run_plan
                repeats = plan["repeats"]
                _write(
                    Run,
                    patient,
                    day,
                    dict(
                        enrolment=enrolment,
                        level=enrolment.current_phase.index + 1,
                        run_min=plan["run_min"] * repeats,
                        walk_min=plan["walk_min"] * repeats,
                        pain_during=_clamp(base - 1),
                        pain_after=_clamp(base - 1.5),
                        limp=False,
                    ),
                )
        elif rng.random() < 0.85:
            during = _clamp(base - 0.5 + rng.uniform(-0.8, 0.8) + (6 if flaring else 0))
            rx = list(enrolment.current_phase.prescriptions.select_related("exercise"))
            _write(
                ExerciseSession,
                patient,
                day,
                dict(
                    enrolment=enrolment,
                    pain_during=during,
                    pain_after=_clamp(during - 1),
                    rpe=rng.randint(5, 8),
                    exercises=[
                        {
                            k: v
                            for k, v in {
                                "exercise": r.exercise.key,
                                "sets": r.sets,
                                "reps": r.reps,
                                "hold_s": r.hold_s,
                            }.items()
                            if v
                        }
                        for r in rx
                    ],
                ),
            )
        if n % 14 == 0 and demo.protocol != "return-to-run":
            phat = round(35 + 40 * progress + rng.uniform(-4, 4))
            _write(Measurement, patient, day, dict(key="phat", value=phat, recorded_by=physio))
    if demo.today_open:  # the patient the README suggests: a plan the physio tailored
        plan_services.make_change(
            enrolment=enrolment,
            user=physio,
            kind="dose",
            exercise="bridge_hold",
            dose={"sets": 4, "hold_s": 45},
            reason="The 30-second holds feel easy now: one set fewer, longer holds.",
        )


def _write(model, patient, day, fields):
    record_id = _stable_id(model, patient, day)
    logs.create_log(
        model=model,
        patient=patient,
        data={"id": record_id, "date": day, **fields},
        user=patient.user,
        evaluate_after=False,
    )


def _stable_id(model, patient, day):
    import uuid

    return uuid.uuid5(uuid.NAMESPACE_URL, f"demo/{model.__name__}/{patient.pk}/{day}")


def _clamp(value: float) -> int:
    return max(0, min(10, round(value)))
