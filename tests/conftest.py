"""Shared fixtures: the fixed cast for access tests and API clients signed in as them."""

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.cache import cache
from knox.models import AuthToken
from rest_framework.test import APIClient

from config import queueing, throttling
from patients.models import Patient, User
from tests import workers
from tests.factories import ClinicFactory, PatientFactory, StaffFactory

TESTS = Path(__file__).resolve().parent
# Where a test lives says what it needs: `make test-fast` leaves these out (pyproject.toml).
MARKED_DIRS = {TESTS / "e2e": "browser", TESTS / "reliability": "slow"}


def pytest_report_header(config):
    from django.conf import settings

    vendor = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = settings.CELERY_BROKER_URL.split("://")[0]
    return f"database: {vendor}; celery broker: {broker}"


def pytest_collection_modifyitems(items):
    """Mark browser tests by folder, worker tests by the worker they start, and the
    service-restart and schema-fuzzing tests (tests/reliability) as slow."""
    for item in items:
        for folder, marker in MARKED_DIRS.items():
            if folder in item.path.parents:
                item.add_marker(marker)
        module = getattr(item, "module", None)
        if getattr(module, "celery_worker", None) is workers.celery_worker:
            item.add_marker("worker")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Real hashing is slow on purpose; tests only need it to work."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _tasks_in_process():
    """Tasks run in-process unless a test starts a real worker (tests/workers.py)."""
    from config.celery import app

    app.conf.task_always_eager = True
    yield


@pytest.fixture(autouse=True)
def _redis_reachable_again():
    """Each test starts as if Redis never failed: no back-off left from an outage test."""
    queueing._broker_down_until = throttling._cache_down_until = 0.0
    yield
    queueing._broker_down_until = throttling._cache_down_until = 0.0


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class Cast:
    """The fixed cast every access test uses."""

    patient: Patient
    other_patient: Patient
    physio: User
    colleague: User
    outsider: User
    clinic_admin: User

    def users(self) -> dict[str, User | None]:
        return {
            "patient": self.patient.user,
            "other_patient": self.other_patient.user,
            "physio": self.physio,
            "colleague": self.colleague,
            "outsider": self.outsider,
            "clinic_admin": self.clinic_admin,
            "anonymous": None,
        }


@pytest.fixture
def cast(db) -> Cast:
    clinic = ClinicFactory(name="Harbour Physio")
    elsewhere = ClinicFactory(name="Hilltop Sports Clinic")
    physio = StaffFactory(clinic=clinic, email="physio@harbour.test", name="Pat Physio")
    colleague = StaffFactory(clinic=clinic, email="colleague@harbour.test")
    outsider = StaffFactory(clinic=elsewhere, email="physio@hilltop.test")
    admin = StaffFactory(
        clinic=clinic, email="admin@harbour.test", role=User.Role.CLINIC_ADMIN, is_staff=True
    )
    patient = PatientFactory(clinic=clinic, treating_physio=physio, user__name="Robin Runner")
    other = PatientFactory(clinic=clinic, treating_physio=colleague, user__name="Casey Cyclist")
    return Cast(patient, other, physio, colleague, outsider, admin)


@pytest.fixture
def api():
    """api(user) -> an APIClient authenticated by token as that user (or anonymous)."""

    def make(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            _, token = AuthToken.objects.create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return make


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped protocols once; each test's transaction rolls back around them."""
    from protocols.services import load_definitions

    with django_db_blocker.unblock():
        load_definitions()


@pytest.fixture
def shipped(db):
    """The three shipped protocols, by slug (loaded once per database state)."""
    from protocols.models import ProtocolVersion
    from protocols.services import load_definitions

    if not ProtocolVersion.objects.filter(clinic__isnull=True).exists():
        load_definitions()
    return {
        v.protocol.slug: v
        for v in ProtocolVersion.objects.filter(clinic__isnull=True).select_related("protocol")
    }


@pytest.fixture
def enrolled(cast, shipped):
    """Both cast patients on PHT loading, started 30 days ago."""
    import datetime as dt

    from rehab.enrolments import enrol

    for patient, physio in [(cast.patient, cast.physio), (cast.other_patient, cast.colleague)]:
        enrol(
            patient=patient,
            version=shipped["pht-loading"],
            side="left",
            start_date=patient.local_today() - dt.timedelta(days=30),
            created_by=physio,
        )
    return cast
