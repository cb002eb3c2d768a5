"""Demo clinics, staff and patients, so a first run has people to sign in as."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction

from patients.models import Clinic, Patient, User

DEFAULT_PASSWORD = "rehab-demo-2026"

CLINICS = [
    ("Demo Clinic", "demo.clinic"),
    ("Other Clinic", "other.clinic"),
]

DEMO_PATIENTS = [
    # (email, name, date of birth, time zone, clinic domain)
    ("sam@demo.patient", "Sam Carter", dt.date(1988, 4, 12), "Europe/London", "demo.clinic"),
    ("ana@demo.patient", "Ana Silva", dt.date(1979, 9, 3), "Europe/Lisbon", "demo.clinic"),
    ("li@demo.patient", "Li Wei", dt.date(1995, 1, 27), "Pacific/Auckland", "demo.clinic"),
    ("jo@demo.patient", "Jo Brown", dt.date(1983, 6, 30), "America/Los_Angeles", "demo.clinic"),
    ("kim@other.patient", "Kim Park", dt.date(1991, 11, 8), "Europe/Berlin", "other.clinic"),
]


class Command(BaseCommand):
    help = "Create demo clinics, staff and patients (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD)

    @transaction.atomic
    def handle(self, *args, password, **options):
        physios = {}
        for clinic_name, domain in CLINICS:
            clinic, _ = Clinic.objects.get_or_create(name=clinic_name)
            self._staff(
                f"admin@{domain}", f"{clinic_name} admin", User.Role.CLINIC_ADMIN, clinic, password
            )
            physios[domain] = self._staff(
                f"physio@{domain}", f"{clinic_name} physio", User.Role.PHYSIO, clinic, password
            )
        for email, name, born, tz, domain in DEMO_PATIENTS:
            self._patient(email, name, born, tz, physios[domain], password)

        self.extra_demo_data(password=password)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in with:"))
        for email in [f"{role}@{d}" for _, d in CLINICS for role in ("admin", "physio")]:
            self.stdout.write(f"  {email:24} {password}")
        for email, *_ in DEMO_PATIENTS:
            self.stdout.write(f"  {email:24} {password}")

    def extra_demo_data(self, *, password):
        """Hook for logs and enrolments, filled by the rehab app's demo data."""
        try:
            from rehab.demo import seed_logs
        except ImportError:
            return
        seed_logs(stdout=self.stdout)

    def _staff(self, email, name, role, clinic, password):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=password, name=name, role=role, clinic=clinic
            )
        if role == User.Role.CLINIC_ADMIN and not user.is_staff:
            user.is_staff = True  # clinic admins use the Django admin for their clinic
            user.save(update_fields=["is_staff"])
        return user

    def _patient(self, email, name, born, tz, physio, password):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=password, name=name)
            Patient.objects.create(
                user=user,
                clinic=physio.clinic,
                date_of_birth=born,
                timezone=tz,
                treating_physio=physio,
            )
        return user
