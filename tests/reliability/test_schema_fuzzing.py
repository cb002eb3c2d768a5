"""Schema fuzzing: generated requests from the OpenAPI schema, as a patient and a physio.

No request may end in a server error, and every response must match the schema.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from config.wsgi import application
from reminders.keys import generate_pair

schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(autouse=True)
def _push_configured(settings):
    """A server with Web Push set up (without keys the key endpoint is an honest 503)."""
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = generate_pair()


@pytest.fixture
def api_schema():
    # Requests go straight to the WSGI app, not through Django's test client, so keep the
    # start and end of each request from closing the test's connection (as the client does).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def token_for(user) -> str:
    return AuthToken.objects.create(user=user)[1]


# One token per test, not per generated request: knox looks at every token of the user on
# each request, so thousands of tokens would make the run quadratic.
@pytest.fixture
def patient_token(enrolled) -> str:
    return token_for(enrolled.patient.user)


@pytest.fixture
def physio_token(enrolled) -> str:
    return token_for(enrolled.physio)


# Derandomized: the same generated requests every run, so CI is repeatable.
FUZZ = settings(
    max_examples=10, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
CHECKS = [not_a_server_error, response_schema_conformance]


@schema.parametrize()
@FUZZ
@pytest.mark.django_db
def test_a_patient_never_meets_a_server_error(case, patient_token):
    response = case.call(headers={"Authorization": f"Token {patient_token}"})
    case.validate_response(response, checks=CHECKS)


@schema.parametrize()
@FUZZ
@pytest.mark.django_db
def test_a_physio_never_meets_a_server_error(case, physio_token):
    response = case.call(headers={"Authorization": f"Token {physio_token}"})
    case.validate_response(response, checks=CHECKS)
