"""The server's Dutch (locale/nl) is complete: makemessages over the apps finds no new,
untranslated or fuzzy message, and the committed .mo is compiled from the .po."""

import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
# The project's own code; makemessages runs on a copy, so the real .po is never touched.
SOURCES = [
    "config",
    "patients",
    "protocols",
    "plans",
    "rehab",
    "exports",
    "privacy",
    "conversations",
    "questionnaires",
    "reminders",
]


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory) -> polib.POFile:
    """The .po as `makemessages -l nl` would leave it today."""
    work = tmp_path_factory.mktemp("messages")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(
                ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__", "migrations")
            )
    shutil.copytree(ROOT / "locale", work / "locale")
    here = Path.cwd()
    locale_paths = settings.LOCALE_PATHS
    try:
        os.chdir(work)
        settings.LOCALE_PATHS = []
        call_command("makemessages", locale=["nl"], no_location=True, no_obsolete=True, verbosity=0)
    finally:
        os.chdir(here)
        settings.LOCALE_PATHS = locale_paths
    return polib.pofile(str(work / "locale" / "nl" / "LC_MESSAGES" / "django.po"))


def test_makemessages_finds_the_projects_messages(refreshed):
    # A guard for the tests below: they must not pass on an empty catalogue.
    ids = {entry.msgid for entry in refreshed}
    assert "Reset your rehab tracker password" in ids
    assert len(ids) >= 20


def test_every_server_message_has_a_dutch_translation(refreshed):
    missing = [e.msgid for e in refreshed.untranslated_entries()]
    fuzzy = [e.msgid for e in refreshed.fuzzy_entries()]
    assert not missing and not fuzzy, (
        "run `.venv/bin/python manage.py makemessages -l nl --no-location --no-obsolete "
        "-i '.venv/*' -i 'frontend/*' -i 'tests/*' -i 'bench/*'`, translate these in "
        f"locale/nl/LC_MESSAGES/django.po, then `make messages`:\n  untranslated: {missing}"
        f"\n  fuzzy (check and remove the flag): {fuzzy}"
    )


def test_the_committed_po_has_every_message_makemessages_finds(refreshed):
    committed = {e.msgid for e in polib.pofile(str(PO)) if not e.obsolete}
    new = sorted({e.msgid for e in refreshed} - committed)
    assert not new, f"add these to locale/nl/LC_MESSAGES/django.po and translate them: {new}"


def test_the_committed_mo_is_compiled_from_the_po(tmp_path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("gettext's msgfmt is not installed")
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check-format", "-o", str(fresh), str(PO)], check=True)

    def entries(path):
        return {(e.msgid, e.msgstr) for e in polib.mofile(str(path)) if e.msgid}

    assert entries(fresh) == entries(PO.with_suffix(".mo")), "the .mo is stale: run `make messages`"


def test_django_reads_the_dutch_catalogue():
    with translation.override("nl"):
        assert translation.gettext("Time for your daily check-in") == (
            "Tijd voor je dagelijkse check-in"
        )
