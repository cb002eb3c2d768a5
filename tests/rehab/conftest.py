import datetime as dt
import uuid

import pytest

from protocols.models import ProtocolVersion
from protocols.services import load_definitions
from rehab.enrolments import enrol


@pytest.fixture
def shipped(db):
    """The three shipped protocols, loaded once per database state."""
    if not ProtocolVersion.objects.exists():
        load_definitions()
    return {v.protocol.slug: v for v in ProtocolVersion.objects.select_related("protocol")}


def days_ago(patient, n: int) -> dt.date:
    return patient.local_today() - dt.timedelta(days=n)


@pytest.fixture
def enrolled(cast, shipped):
    """Both cast patients on PHT loading, started 30 days ago."""
    for patient, physio in [(cast.patient, cast.physio), (cast.other_patient, cast.colleague)]:
        enrol(
            patient=patient,
            version=shipped["pht-loading"],
            side="left",
            start_date=days_ago(patient, 30),
            created_by=physio,
        )
    return cast


def checkin_body(patient, **overrides):
    body = {
        "id": str(uuid.uuid4()),
        "date": patient.local_today().isoformat(),
        "pain_rest": 1,
        "pain_morning": 2,
        "sitting_minutes": 45,
        "load_test_pain": 2,
        "red_flags": [],
        "note": "",
    }
    return {**body, **overrides}


def session_body(patient, **overrides):
    enrolment = patient.enrolments.get(protocol__slug="pht-loading")
    body = {
        "id": str(uuid.uuid4()),
        "date": patient.local_today().isoformat(),
        "enrolment": enrolment.pk,
        "pain_during": 2,
        "pain_after": 1,
        "rpe": 6,
        "exercises": [{"exercise": "bridge_hold", "sets": 5, "hold_s": 30}],
    }
    return {**body, **overrides}
