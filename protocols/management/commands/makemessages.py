"""Django's makemessages, also gathering the templates of `Words(...)` (protocols/words.py):
the gate engine's sentences, which stay free of Django."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=Words"]
