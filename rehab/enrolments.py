"""Putting a patient on a protocol version, at the right phase for their track."""

import datetime as dt

from django.db import IntegrityError, transaction
from rest_framework.exceptions import ValidationError

from patients.models import Patient, User
from protocols.models import ProtocolVersion
from rehab import alerts
from rehab.models import Enrolment

ADOLESCENT_AGE = 25  # PROTOCOLS.md section 7: under 25, the apophysis may be open


def _age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


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
) -> Enrolment:
    definition = version.parsed
    tracks = {t.key: t for t in definition.tracks}
    if track is None and len(tracks) == 1:
        track = next(iter(tracks))
    if track not in tracks:
        names = " or ".join(f"'{k}'" for k in tracks)
        raise ValidationError({"track": [f"Choose the track: {names}."]})
    dates = {"surgery_date": surgery_date, "injury_date": injury_date}
    for required in tracks[track].requires:
        if dates[required] is None:
            track_words, date_words = track.replace("_", "-"), required.replace("_", " ")
            raise ValidationError({required: [f"The {track_words} track needs the {date_words}."]})
    if Enrolment.objects.filter(
        patient=patient, protocol=version.protocol, status=Enrolment.Status.ACTIVE
    ).exists():
        raise ValidationError(
            {
                "protocol": [
                    "This patient is already on this protocol. Complete or withdraw it first."
                ]
            }
        )
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
        raise ValidationError({"protocol": ["This patient is already on this protocol."]})
    if "adolescent" in definition.intake_red_flags:
        if _age_on(patient.date_of_birth, start_date) < ADOLESCENT_AGE:
            alerts.raise_red_flags(patient=patient, keys=["adolescent"], enrolment=enrolment)
    return enrolment
