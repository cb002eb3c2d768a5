"""Corrections of the patient's own logs: allowed within 24 hours of entry, and shown to
the physio beside the original values.

The audit trail (django-simple-history) keeps every version of a log; the original is
its first version. A correction goes through the normal write path (rehab/logs.py), so
it re-evaluates the gates and tells the physio when a decision named the log
(PROTOCOLS.md 9.5); a red-flag answer taken back stays on record in its alert.
"""

import datetime as dt

from django.utils import timezone

from config.errors import DomainError
from rehab.models import CheckIn, ExerciseSession, LogRecord, Run

CORRECTION_WINDOW = dt.timedelta(hours=24)
# The fields a correction can change, per log kind (the physio sees what they were).
CORRECTABLE = {
    CheckIn: (
        "date",
        "pain_rest",
        "pain_morning",
        "sitting_minutes",
        "load_test_pain",
        "red_flags",
        "note",
    ),
    ExerciseSession: ("date", "pain_during", "pain_after", "rpe", "exercises", "note"),
    Run: ("date", "level", "run_min", "walk_min", "pain_during", "pain_after", "limp", "note"),
}
# created_at and updated_at of a log never edited differ by microseconds (one save); a
# correction is a later request.
SAVED_TOGETHER = dt.timedelta(milliseconds=1)
# What a patient may still change after the 24 hours, until their next check-in (9.6).
LATE_FIELDS = frozenset({"pain_after"})


class CorrectionWindowClosed(DomainError):
    """The patient tries to change or delete a log entered more than 24 hours ago (403)."""

    status = 403


def correctable_until(record: LogRecord) -> dt.datetime:
    return record.created_at + CORRECTION_WINDOW


def check_correctable(
    record: LogRecord, *, fields: frozenset[str] = frozenset(), now: dt.datetime | None = None
) -> None:
    """Patients correct their check-ins, sessions and runs within 24 hours of entry;
    later, the record stands as entered and the physio can be told in a message. The
    pain after a session or run is the worst until bedtime, so it stays editable until the
    next check-in, however late that is (PROTOCOLS.md 9.6)."""
    if type(record) not in CORRECTABLE:
        return
    if (now or timezone.now()) <= correctable_until(record):
        return
    if fields and fields <= LATE_FIELDS and not checked_in_since(record):
        return
    raise CorrectionWindowClosed(
        f"This log was entered more than {CORRECTION_WINDOW.total_seconds() / 3600:.0f} "
        "hours ago, so it can no longer be changed. Send your physio a message if "
        "something in it is wrong."
    )


def checked_in_since(record: LogRecord) -> bool:
    """A check-in after the day of a session or run (its next morning or later) exists."""
    if not isinstance(record, ExerciseSession | Run):
        return True  # only sessions and runs have a pain after
    return CheckIn.objects.filter(patient_id=record.patient_id, date__gt=record.date).exists()


def was_corrected(record: LogRecord) -> bool:
    return record.updated_at - record.created_at > SAVED_TOGETHER


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "is_finite"):  # Decimal
        return float(value)
    return value


def corrections_for(records: list[LogRecord]) -> dict:
    """{pk: {"corrected_at", "original": {field: first value}}} for the corrected records
    among `records` (one kind of log), read from the audit trail in one query."""
    edited = [r for r in records if type(r) in CORRECTABLE and was_corrected(r)]
    if not edited:
        return {}
    model = type(edited[0])
    first_versions = {}
    rows = model.history.model.objects.filter(
        id__in=[r.pk for r in edited], history_type="+"
    ).order_by("history_date")
    for row in rows:
        first_versions.setdefault(row.id, row)
    result = {}
    for record in edited:
        first = first_versions.get(record.pk)
        if first is None:
            continue
        original = {
            field: _plain(getattr(first, field))
            for field in CORRECTABLE[model]
            if getattr(first, field) != getattr(record, field)
        }
        if original:
            result[record.pk] = {"corrected_at": record.updated_at, "original": original}
    return result
