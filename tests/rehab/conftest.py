"""Log bodies for tests; the `shipped` and `enrolled` fixtures live in tests/conftest.py."""

import datetime as dt
import uuid


def days_ago(patient, n: int) -> dt.date:
    return patient.local_today() - dt.timedelta(days=n)


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
