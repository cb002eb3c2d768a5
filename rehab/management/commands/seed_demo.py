from django.core.management.base import BaseCommand

from rehab.demo import seed

DEFAULT_PASSWORD = "rehab-demo-2026"


class Command(BaseCommand):
    help = "Create demo clinics, staff and patients with weeks of logs (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD)

    def handle(self, *args, password, **options):
        logins = seed(password=password)
        self.stdout.write(
            self.style.SUCCESS("Demo data ready. Sign in at http://127.0.0.1:8000 with:")
        )
        for email in logins:
            self.stdout.write(f"  {email:24} {password}")
