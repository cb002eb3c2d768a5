"""Putting a patient on a protocol version, at the right phase for their track."""

import datetime as dt

from django.db import IntegrityError, transaction

from config.errors import Invalid
from patients.models import Patient, User
from plans import services as plan_services
from protocols import localise
from protocols.models import ProtocolVersion
from rehab import alerts, gate_words, gates
from rehab.gate_state import load_state
from rehab.gates.unlocks import unlock_status
from rehab.models import Alert, CheckIn, Enrolment, Measurement


@transaction.atomic
def enrol(
    *,
    patient: Patient,
    version: ProtocolVersion,
    side: str,
    start_date: dt.date,
    created_by: User,
    track: str | None = None,
    injury_date: dt.date | None = None,
    surgery_date: dt.date | None = None,
    tendons: int | None = None,
    retraction_cm=None,
    entry_confirmed: bool = False,
) -> Enrolment:
    """Put the patient on the version's first phase of their track. A plan with entry
    criteria needs them confirmed (`entry_confirmed`) or met by recent records."""
    definition = version.parsed
    tracks = {t.key: t for t in definition.tracks}
    if track is None and len(tracks) == 1:
        track = next(iter(tracks))
    if track not in tracks:
        names = " or ".join(f"'{k}'" for k in tracks)
        raise Invalid({"track": [f"Choose the track: {names}."]})
    dates = {"surgery_date": surgery_date, "injury_date": injury_date}
    for required in tracks[track].requires:
        if dates[required] is None:
            track_words, date_words = track.replace("_", "-"), required.replace("_", " ")
            raise Invalid({required: [f"The {track_words} track needs the {date_words}."]})
    if Enrolment.objects.filter(
        patient=patient, protocol=version.protocol, status=Enrolment.Status.ACTIVE
    ).exists():
        raise Invalid(
            {
                "protocol": [
                    "This patient is already on this protocol. Complete or withdraw it first."
                ]
            }
        )
    refused = entry_refusals(
        patient=patient,
        definition=definition,
        side=side,
        start_date=start_date,
        entry_confirmed=entry_confirmed,
    )
    if refused:
        raise Invalid(refused)
    start_phase = version.phases.get(key=tracks[track].start_phase)
    try:
        with transaction.atomic():
            enrolment = Enrolment(
                patient=patient,
                protocol=version.protocol,
                version=version,
                track=track,
                side=side,
                start_date=start_date,
                injury_date=injury_date,
                surgery_date=surgery_date,
                tendons=tendons,
                retraction_cm=retraction_cm,
                current_phase=start_phase,
                phase_started_on=start_date,
                created_by=created_by,
            )
            enrolment._history_user = created_by
            enrolment.save()
    except IntegrityError:
        raise Invalid({"protocol": ["This patient is already on this protocol."]})
    if entry_confirmed and definition.entry_check:
        Measurement.objects.create(
            patient=patient,
            date=start_date,
            key=definition.entry_check,
            value=1,
            recorded_by=created_by,
        )
    if "adolescent" in definition.intake_red_flags:
        _prompt_for_imaging(patient, enrolment, start_date)
    return enrolment


def _prompt_for_imaging(patient, enrolment, start_date) -> None:
    """Under 25 on an acute-injury (avulsion) programme: a routine prompt to confirm imaging
    excluded an apophyseal avulsion fracture, unless already recorded (PROTOCOLS.md 7)."""
    if alerts.age_on(patient.date_of_birth, start_date) >= alerts.ADOLESCENT_AGE:
        return
    newest = (
        Measurement.objects.filter(patient=patient, key="imaging_excluded_apophyseal_fracture")
        .order_by("date", "created_at")
        .last()
    )
    if newest is not None and newest.value >= 1:
        return
    alerts.raise_alert(
        patient=patient,
        enrolment=enrolment,
        kind=Alert.Kind.RED_FLAG,
        key="adolescent",
        severity=Alert.Severity.ROUTINE,
        message=alerts.ADOLESCENT_INTAKE_MESSAGE,
    )


def entry_refusals(*, patient, definition, side, start_date, entry_confirmed) -> dict:
    """Why this enrolment is refused, as field errors naming what is missing (PROTOCOLS.md
    sections 6 and 9.8-9.9); empty when it may go ahead."""
    refusals: dict[str, list[str]] = {}
    if definition.is_running_plan:
        flags = alerts.open_urgent_red_flags(patient.pk)
        if flags:
            named = ", ".join(
                f"{flag.replace('_', ' ')} (raised {day:%d %b %Y}; clear it with the check "
                f"{flag}_cleared)"
                for flag, day in flags.items()
            )
            refusals.setdefault("protocol", []).append(
                f"An urgent red flag is open: {named}. Clear it before starting this plan."
            )
        forbidding = Enrolment.objects.filter(
            patient=patient, status=Enrolment.Status.ACTIVE, current_phase__forbids_running=True
        ).select_related("current_phase", "protocol")
        for other in forbidding:
            refusals.setdefault("protocol", []).append(
                f"Running is not allowed in {other.current_phase.name} of "
                f"{other.protocol.name}; start this plan when that phase is over."
            )
    if definition.entry_criteria and not entry_confirmed:
        missing = _entry_missing(patient, definition, side, start_date)
        if missing:
            refusals["entry_confirmed"] = [
                "Confirm the entry checklist (entry_confirmed), or record each item within "
                f"the {definition.entry_within_days} days up to the start date. Missing: "
                + "; ".join(missing)
                + "."
            ]
    return refusals


def _entry_missing(patient, definition, side, start_date) -> list[str]:
    """The entry criteria not met by records from the window up to the start date."""
    since = start_date - dt.timedelta(days=definition.entry_within_days)
    measurements = Measurement.objects.filter(patient=patient, date__range=(since, start_date))
    checkins = CheckIn.objects.filter(patient=patient, date__range=(since, start_date))
    zones = definition.rules.pain_zones
    state = gates.PatientState(
        today=start_date,
        phase_started_on=since,  # entry items count from the window's first day
        injured_side=side,
        zones=(zones.green_max, zones.amber_max),
        checkins=tuple(
            gates.CheckInLog(
                c.date, c.pain_rest, c.pain_morning, c.sitting_minutes, c.load_test_pain
            )
            for c in checkins
        ),
        measurements=tuple(
            gates.MeasurementLog(m.date, m.key, float(m.value), m.side, m.method)
            for m in measurements
        ),
    )
    return [
        criterion.plain_label(state.zones)
        for criterion in definition.entry_criteria
        if not gates.check(criterion, state).met
    ]


def unlocks_after(version, item) -> str:
    """What unlocks a locked group, in the request's language: the engine's template, or
    the translation of the clinic's own label from the version."""
    if item.unlocks_after_words is None:
        return localise.label(version, item.unlocks_after)
    return gate_words.in_language(item.unlocks_after_words.as_dict(), item.unlocks_after)


def todays_prescriptions(enrolment: Enrolment, today: dt.date) -> tuple[list, list[dict]]:
    """The patient's plan for the current phase (the phase's prescriptions with the
    physio's adjustments: plans.services.EffectivePrescription) unlocked today, and the
    locked ones with what unlocks them (PROTOCOLS.md section 3)."""
    prescriptions = plan_services.effective_prescriptions(enrolment)
    if not any(rx.unlock for rx in prescriptions):
        return prescriptions, []
    status = unlock_status(load_state(enrolment, today))
    by_key = {rx.exercise.key: rx.exercise for rx in prescriptions}
    locked = [
        {
            "exercise": {
                "key": key,
                "name": localise.exercise_words(enrolment.version, by_key[key])["name"],
            },
            "group": item.group,
            "unlocks_after": unlocks_after(enrolment.version, item),
            "remaining": item.remaining,
        }
        for item in status.locked
        for key in item.exercises
        if key in by_key
    ]
    return [rx for rx in prescriptions if rx.exercise.key in status.unlocked], locked
