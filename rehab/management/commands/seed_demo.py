from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from patients import twofactor
from patients.models import User
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
        parser.add_argument(
            "--totp-secret",
            default="",
            help="Base32 key to enrol as the second factor of demo staff who need one "
            "(clinic admins), so scripts and tests can sign in with its codes.",
        )

    def handle(self, *args, password, force, totp_secret, **options):
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
            user = User.objects.get(email=email)
            note = ""
            if twofactor.is_required(user):
                if totp_secret:
                    twofactor.enrol(user, secret_base32=totp_secret)
                    note = "  + the 6-digit code for the --totp-secret key"
                elif not twofactor.has_device(user):
                    note = "  + sets up an authenticator app at first sign-in"
                else:
                    note = "  + the code from the enrolled authenticator app"
            self.stdout.write(f"  {email:24} {password}{note}")
