from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from protocols.schema import DefinitionError
from protocols.services import DEFINITIONS_DIR, load_definitions


class Command(BaseCommand):
    help = (
        "Load protocol definition files. Idempotent: changed content publishes a new "
        "version, unchanged content does nothing. Any invalid file writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=DEFINITIONS_DIR)

    def handle(self, *args, dir, **options):
        try:
            results = load_definitions(dir)
        except DefinitionError as error:
            raise CommandError(f"Protocols not loaded; nothing was written.\n{error}")
        for result in results:
            state = "published" if result.created else "unchanged"
            self.stdout.write(f"{result.slug}: version {result.number} {state}")
