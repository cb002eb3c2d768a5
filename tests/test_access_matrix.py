"""Every API endpoint x every role of the fixed cast, generated from the URL configuration.

A new endpoint without an access rule here fails the suite. Allowed callers may still
get a 400 for the empty body sent; what matters is that nobody outside the rule gets in
and nobody meets a server error.
"""

import datetime as dt
import re
import uuid
from contextlib import contextmanager

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from exports.models import ExportJob
from patients.services import create_patient
from plans.models import PlanTemplate
from questionnaires.services import record_response
from rehab.models import (
    Alert,
    CheckIn,
    ExerciseSession,
    Measurement,
    PhaseTransition,
    Run,
    Treatment,
)
from reminders.models import PushSubscription

pytestmark = pytest.mark.django_db

ROLES = ["patient", "other_patient", "physio", "colleague", "clinic_admin", "outsider", "anonymous"]
OK = "ok"  # any 2xx, or 400/409 for the empty body
CLINIC = ("physio", "colleague", "clinic_admin")

# Who may call what: role -> OK or the exact refusal. Objects belong to cast.patient.
PUBLIC = dict.fromkeys(ROLES, OK)
SIGNED_IN = {**dict.fromkeys(ROLES, OK), "anonymous": 401}
PATIENTS_ONLY = {
    "patient": OK,
    "other_patient": OK,
    **dict.fromkeys(CLINIC + ("outsider",), 403),
    "anonymous": 401,
}
STAFF_ONLY = {
    "patient": 403,
    "other_patient": 403,
    **dict.fromkeys(CLINIC + ("outsider",), OK),
    "anonymous": 401,
}
CLINIC_STAFF = {
    "patient": 403,
    "other_patient": 403,
    **dict.fromkeys(CLINIC, OK),
    "outsider": 404,
    "anonymous": 401,
}
OWNER_OR_CLINIC = {
    "patient": OK,
    "other_patient": 404,
    **dict.fromkeys(CLINIC, OK),
    "outsider": 404,
    "anonymous": 401,
}
OWNER_WRITES = {
    "patient": OK,
    "other_patient": 404,
    **dict.fromkeys(CLINIC, 403),
    "outsider": 404,
    "anonymous": 401,
}
ANYONE_WRITES_MEASUREMENTS = {**dict.fromkeys(ROLES, OK), "anonymous": 401}
# An export job the treating physio started: theirs and their clinic admin's, nobody else's.
STARTERS_JOB = {**CLINIC_STAFF, "colleague": 404}
# Treatments: the clinic's staff record and edit them; the patient only reads theirs.
STAFF_EDITS = {**CLINIC_STAFF, "other_patient": 404}
ADMIN_ONLY = {**dict.fromkeys(ROLES, 403), "clinic_admin": OK, "anonymous": 401}
# A browser subscription belongs to the patient who made it; staff have none to manage.
OWN_SUBSCRIPTION = {**PATIENTS_ONLY, "other_patient": 404}
# A news card is read by its patient alone: staff never dismiss one for them.
OWN_NEWS = {**PATIENTS_ONLY, "other_patient": 404}

RULES = {
    ("auth/token/", "POST"): PUBLIC,
    ("auth/login/", "POST"): PUBLIC,
    ("auth/logout/", "POST"): PUBLIC,
    ("auth/invite/<token>/", "POST"): PUBLIC,
    ("auth/password-reset/", "POST"): PUBLIC,
    ("auth/password-reset/confirm/", "POST"): PUBLIC,
    ("me/two-factor/", "POST"): SIGNED_IN,  # one's own authenticator only
    ("me/two-factor/confirm/", "POST"): SIGNED_IN,
    ("schema/", "GET"): PUBLIC,
    ("me/", "GET"): SIGNED_IN,
    ("me/", "PATCH"): SIGNED_IN,  # one's own language only
    ("protocols/", "GET"): SIGNED_IN,
    ("protocols/<slug>/", "GET"): SIGNED_IN,
    ("vocabulary/", "GET"): SIGNED_IN,
    ("today/", "GET"): PATIENTS_ONLY,
    ("news/<card>/dismiss/", "POST"): OWN_NEWS,
    # Reminders: a patient's own browsers and settings; the stop link needs only its token.
    ("push-subscriptions/", "GET"): PATIENTS_ONLY,
    ("push-subscriptions/", "POST"): PATIENTS_ONLY,
    ("push-subscriptions/key/", "GET"): PATIENTS_ONLY,
    ("push-subscriptions/<pk>/", "DELETE"): OWN_SUBSCRIPTION,
    ("me/reminders/", "GET"): PATIENTS_ONLY,
    ("me/reminders/", "PATCH"): PATIENTS_ONLY,
    ("reminders/stop/", "POST"): PUBLIC,
    # Questionnaires: the patient answers; staff read their clinic's responses.
    ("questionnaires/", "GET"): PATIENTS_ONLY,
    ("questionnaire-responses/", "GET"): SIGNED_IN,
    ("questionnaire-responses/", "POST"): PATIENTS_ONLY,
    ("questionnaire-responses/<pk>/", "GET"): OWNER_OR_CLINIC,
    ("caseload/", "GET"): STAFF_ONLY,
    ("patients/", "GET"): STAFF_ONLY,
    ("patients/", "POST"): STAFF_ONLY,
    ("patients/<pk>/", "GET"): CLINIC_STAFF,
    # cast.patient has a password: staff may never re-invite (take over) an active account.
    ("patients/<pk>/invite/", "POST"): {**CLINIC_STAFF, **dict.fromkeys(CLINIC, 409)},
    ("enrolments/", "GET"): SIGNED_IN,
    ("enrolments/", "POST"): {**STAFF_ONLY, "outsider": OK},  # 400: the patient is not theirs
    ("enrolments/<pk>/", "GET"): OWNER_OR_CLINIC,
    ("enrolments/<pk>/evaluate/", "POST"): CLINIC_STAFF,
    ("enrolments/<pk>/override/", "POST"): CLINIC_STAFF,
    ("enrolments/<pk>/resume/", "POST"): CLINIC_STAFF,  # 400 here: running is not paused
    ("enrolments/<pk>/transitions/", "GET"): OWNER_OR_CLINIC,
    ("transitions/<pk>/approve/", "POST"): CLINIC_STAFF,
    ("transitions/<pk>/decline/", "POST"): CLINIC_STAFF,
    ("alerts/", "GET"): STAFF_ONLY,
    ("alerts/<pk>/acknowledge/", "POST"): CLINIC_STAFF,
    ("measurements/", "POST"): ANYONE_WRITES_MEASUREMENTS,
    ("measurements/<pk>/", "PATCH"): {**OWNER_OR_CLINIC},
    ("measurements/<pk>/", "DELETE"): {**OWNER_OR_CLINIC},
    ("patients/<pk>/report.pdf", "GET"): OWNER_OR_CLINIC,
    ("patients/<pk>/report.html", "GET"): OWNER_OR_CLINIC,
    ("patients/<pk>/fhir/", "GET"): OWNER_OR_CLINIC,
    # What the patient deleted, for their clinic's staff only (never the patient).
    ("patients/<pk>/deleted-logs/", "GET"): CLINIC_STAFF,
    ("exports/", "GET"): STAFF_ONLY,
    ("exports/", "POST"): STAFF_ONLY,
    ("exports/<pk>/", "GET"): STARTERS_JOB,
    ("exports/<pk>/download/", "GET"): STARTERS_JOB,
    ("exports/records/", "GET"): ADMIN_ONLY,
    # Privacy: a patient downloads their own data; a clinic admin erases (400 here: the
    # empty body does not confirm) and reads the clinic's access trail.
    ("me/data/", "GET"): PATIENTS_ONLY,
    ("patients/<pk>/erase/", "POST"): ADMIN_ONLY,
    ("access-events/", "GET"): ADMIN_ONLY,
    ("treatments/", "POST"): STAFF_ONLY,
    # One conversation per patient: the patient's own, and their clinic's staff.
    ("messages/", "GET"): PATIENTS_ONLY,
    ("messages/", "POST"): PATIENTS_ONLY,
    ("messages/unread/", "GET"): PATIENTS_ONLY,
    ("patients/<pk>/messages/", "GET"): OWNER_OR_CLINIC,
    ("patients/<pk>/messages/", "POST"): OWNER_OR_CLINIC,
    # A patient's plan: the clinic's staff change it, the patient reads their own (403 on
    # a change), anyone else meets 404. Templates belong to the clinic's staff.
    ("enrolments/<pk>/plan/", "GET"): OWNER_OR_CLINIC,
    ("enrolments/<pk>/plan/changes/", "GET"): OWNER_OR_CLINIC,
    ("enrolments/<pk>/plan/changes/", "POST"): STAFF_EDITS,
    ("enrolments/<pk>/plan/template/", "POST"): STAFF_EDITS,
    ("plan-templates/", "GET"): STAFF_ONLY,
    ("plan-templates/", "POST"): STAFF_ONLY,
    ("plan-templates/<pk>/", "GET"): CLINIC_STAFF,
    ("plan-templates/<pk>/", "DELETE"): CLINIC_STAFF,
    ("treatments/<pk>/", "PATCH"): STAFF_EDITS,
    ("treatments/<pk>/", "DELETE"): STAFF_EDITS,
}
for kind in ["checkins", "sessions", "runs", "measurements", "treatments"]:
    RULES[(f"{kind}/", "GET")] = SIGNED_IN
    RULES[(f"{kind}/<pk>/", "GET")] = OWNER_OR_CLINIC
    RULES.setdefault((f"{kind}/", "POST"), PATIENTS_ONLY)
    RULES.setdefault((f"{kind}/<pk>/", "PATCH"), OWNER_WRITES)
    RULES.setdefault((f"{kind}/<pk>/", "DELETE"), OWNER_WRITES)


def _walk(patterns, prefix=""):
    for entry in patterns:
        route = prefix + _route(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and route.startswith("api/v1/"):
            yield route.removeprefix("api/v1/"), entry.callback


def _route(pattern) -> str:
    text = str(pattern).lstrip("^").rstrip("$")
    return re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", text).replace("<str:", "<").replace("<int:", "<")


def _methods(callback) -> set[str]:
    actions = getattr(callback, "actions", None)
    if actions:
        # DRF adds HEAD to a viewset's actions once it has served a GET: ignore it.
        return {m.upper() for m in actions if m.upper() not in ("PUT", "HEAD", "OPTIONS")}
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    return {m.upper() for m in ("get", "post", "patch", "delete") if hasattr(view, m)}


def discovered():
    return sorted(
        {
            (route, method)
            for route, cb in _walk(get_resolver().url_patterns)
            for method in _methods(cb)
        }
    )


def test_every_api_endpoint_has_an_access_rule():
    missing = [e for e in discovered() if e not in RULES]
    assert missing == [], f"add these to RULES in {__file__}: {missing}"


@contextmanager
def rolled_back():
    """Each role's call happens in a savepoint that is undone, so a DELETE by one role
    leaves the record for the next."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _push_keys(settings):
    """A VAPID pair, so the public-key endpoint answers as on a configured server."""
    from reminders.keys import generate_pair

    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = generate_pair()


@pytest.fixture
def objects(enrolled, shipped):
    from rehab.enrolments import enrol

    patient = enrolled.patient
    today = patient.local_today()
    pht = patient.enrolments.get()
    rtr = enrol(
        patient=patient,
        version=shipped["return-to-run"],
        side="left",
        start_date=today,
        created_by=enrolled.physio,
        entry_confirmed=True,
    )
    transition = PhaseTransition.objects.create(
        enrolment=pht,
        from_phase=pht.current_phase,
        to_phase=pht.version.phases.get(key="stage-2"),
        decision="ready_for_review",
        status="pending",
        trigger="nightly",
        evaluated_on=today,
    )
    return {
        "patients/<pk>/": patient.pk,
        "enrolments/<pk>/": pht.pk,
        "transitions/<pk>/": transition.pk,
        "alerts/<pk>/": Alert.objects.create(
            patient=patient, kind="stalled", severity="routine", message="x"
        ).pk,
        "checkins/<pk>/": CheckIn.objects.create(
            patient=patient, date=today, pain_rest=1, pain_morning=1
        ).pk,
        "sessions/<pk>/": ExerciseSession.objects.create(
            patient=patient, enrolment=pht, date=today, pain_during=1, pain_after=1
        ).pk,
        "runs/<pk>/": Run.objects.create(
            patient=patient,
            enrolment=rtr,
            date=today,
            level=1,
            run_min=6,
            pain_during=1,
            pain_after=1,
        ).pk,
        "measurements/<pk>/": Measurement.objects.create(
            patient=patient, date=today, key="phat", value=50
        ).pk,
        "exports/<pk>/": ExportJob.objects.create(
            kind="logs_csv",
            clinic=patient.clinic,
            created_by=enrolled.physio,
            date_from=today,
            date_to=today,
        ).pk,
        "treatments/<pk>/": Treatment.objects.create(
            patient=patient, date=today, kind="corticosteroid_injection", side="left"
        ).pk,
        "questionnaire-responses/<pk>/": record_response(
            patient=patient,
            user=patient.user,
            id=uuid.uuid4(),
            questionnaire="phat",
            date=today,
            answers={f"p{i}": 5 for i in range(1, 9)},
        ).response.pk,
        # An invite for a never-activated newcomer (an active account cannot be invited).
        "<token>": create_patient(
            created_by=enrolled.physio,
            name="New Comer",
            email="newcomer@mail.test",
            date_of_birth=dt.date(1990, 1, 1),
            timezone_name="UTC",
        )[1],
        "<slug>": "pht-loading",
        "<card>": f"transition:{transition.pk}",
        "plan-templates/<pk>/": PlanTemplate.objects.create(
            clinic=patient.clinic,
            name="Gentle start",
            protocol=pht.protocol,
            phase_key="stage-1",
            phase_name="Isometric",
            items=[],
        ).pk,
        "push-subscriptions/<pk>/": PushSubscription.objects.create(
            user=patient.user,
            endpoint="https://fcm.googleapis.com/fcm/send/matrix",
            p256dh="B" + "A" * 86,
            auth="A" * 22,
        ).pk,
    }


def concrete(route: str, objects: dict) -> str:
    for prefix, value in objects.items():
        if prefix.endswith("<pk>/") and route.startswith(prefix):
            route = route.replace("<pk>", str(value), 1)
        elif prefix.startswith("<") and prefix in route:
            route = route.replace(prefix, str(value))
    assert "<" not in route, f"no object for {route}"
    return f"/api/v1/{route}"


@pytest.mark.parametrize(("route", "method"), discovered())
def test_each_role_gets_only_what_the_rule_allows(route, method, enrolled, objects, api):
    rule = RULES[(route, method)]
    url = concrete(route, objects)
    for role in ROLES:
        with rolled_back():
            client = api(enrolled.users()[role])
            response = getattr(client, method.lower())(url, {}, format="json")
        expected = rule[role]
        if expected == OK:
            assert response.status_code < 500, (role, response.status_code)
            assert response.status_code in (200, 201, 202, 204, 400, 409, 410) or route.startswith(
                "auth/"
            ), (role, response.status_code)
        else:
            assert response.status_code == expected, (
                role,
                response.status_code,
                response.content[:200],
            )


# Clinician-recorded data: the gates read it, so a patient may read it but never change
# it (403 with a message), though staff of the clinic may. Any role not listed here is
# refused as in the matrix above.
CLINICIAN_RECORDED = {
    "patient": 403,
    "other_patient": 404,
    **dict.fromkeys(CLINIC, OK),
    "outsider": 404,
    "anonymous": 401,
}
PATIENT_EDITS_OF_CLINICIAN_DATA = [
    ("PATCH", {"key": "phat", "value": 90}),  # re-key a strength test into a PHAT score
    ("PATCH", {"value": 100}),
    ("DELETE", {}),
]


@pytest.fixture
def clinician_measurement(enrolled):
    patient = enrolled.patient
    return Measurement.objects.create(
        patient=patient,
        date=patient.local_today(),
        key="knee_flexion_lsi",
        value=72,
        method="isometric",
        recorded_by=enrolled.physio,
    )


@pytest.mark.parametrize(("method", "body"), PATIENT_EDITS_OF_CLINICIAN_DATA)
def test_a_clinician_recorded_measurement_is_read_only_to_the_patient(
    method, body, enrolled, clinician_measurement, api
):
    url = f"/api/v1/measurements/{clinician_measurement.pk}/"
    for role in ROLES:
        with rolled_back():
            response = getattr(api(enrolled.users()[role]), method.lower())(
                url, body, format="json"
            )
            stored = Measurement.objects.filter(pk=clinician_measurement.pk).first()
        expected = CLINICIAN_RECORDED[role]
        if expected == OK:
            assert response.status_code in (200, 204), (role, response.status_code)
        else:
            assert response.status_code == expected, (role, response.status_code)
            assert (stored.key, stored.value) == ("knee_flexion_lsi", 72), role
    denied = getattr(api(enrolled.patient.user), method.lower())(url, body, format="json")
    assert "physio recorded this" in denied.json()["detail"]


@pytest.mark.parametrize("key", ["knee_flexion_lsi", "normal_gait", "puranen_orava"])
def test_a_patient_cannot_record_a_clinician_key(key, enrolled, api):
    patient = enrolled.patient
    body = {
        "id": "5d3c1f8e-8f7e-4a0b-9d55-0c1b2a3e4f50",
        "date": str(patient.local_today()),
        "key": key,
        "value": 1,
        "method": "isometric",
    }
    response = api(patient.user).post("/api/v1/measurements/", body, format="json")
    assert response.status_code == 400
    assert "Only your physio" in response.json()["key"][0]
    assert not Measurement.objects.filter(patient=patient, key=key).exists()


def test_a_patient_still_edits_the_phat_score_they_recorded(enrolled, api):
    patient = enrolled.patient
    own = Measurement.objects.create(
        patient=patient, date=patient.local_today(), key="phat", value=40, recorded_by=patient.user
    )
    response = api(patient.user).patch(
        f"/api/v1/measurements/{own.pk}/", {"value": 45}, format="json"
    )
    assert response.status_code == 200
    assert api(patient.user).delete(f"/api/v1/measurements/{own.pk}/").status_code == 204
