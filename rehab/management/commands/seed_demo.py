from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from rehab.demo import seed

DEFAULT_PASSWORD = "rehab-demo-2026"


class Command(BaseCommand):
    help = "Create demo clinics, staff and patients with weeks of logs (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (the demo accounts have a published password).",
        )

    def handle(self, *args, password, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this looks like a production server: seed_demo would add "
                "demo accounts with a published password. Use --force if you really mean it."
            )
        logins = seed(password=password)
        self.stdout.write(
            self.style.SUCCESS("Demo data ready. Sign in at http://127.0.0.1:8000 with:")
        )
        for email in logins:
            self.stdout.write(f"  {email:24} {password}")
