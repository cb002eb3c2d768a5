"""Store the shipped questionnaire definitions, or load a clinic's copy of one (for
example with the licensed official wording: same items, options and points)."""

import yaml
from django.core.management.base import BaseCommand, CommandError

from patients.models import Clinic
from questionnaires import services
from questionnaires.schema import DefinitionError


class Command(BaseCommand):
    help = "Load the shipped questionnaires; with --clinic and a file, that clinic's copy."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="A definition file (YAML) for --clinic.")
        parser.add_argument("--clinic", type=int, help="The clinic's id.")

    def handle(self, *args, file=None, clinic=None, **options):
        services.ensure_shipped()
        if clinic is None:
            self.stdout.write("Shipped questionnaires are loaded.")
            return
        if not file:
            raise CommandError("Give the definition file of the clinic's copy.")
        owner = Clinic.objects.filter(pk=clinic).first()
        if owner is None:
            raise CommandError(f"No clinic with id {clinic}.")
        with open(file) as handle:
            document = yaml.safe_load(handle)
        try:
            version = services.load_clinic_copy(clinic=owner, document=document, source=file)
        except DefinitionError as error:
            raise CommandError(str(error))
        self.stdout.write(f"Loaded {version}.")
