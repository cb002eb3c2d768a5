from django.core.management.base import BaseCommand

from reminders.keys import generate_pair


class Command(BaseCommand):
    help = "Print a new VAPID key pair for the VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY settings."

    def handle(self, *args, **options):
        public, private = generate_pair()
        self.stdout.write(f"VAPID_PUBLIC_KEY={public}\nVAPID_PRIVATE_KEY={private}\n")
