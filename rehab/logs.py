"""The offline-safe write path for patient logs.

A log's primary key is the client's UUID. Creating is idempotent: the same id with the
same content returns the stored record; the same id with other content, or a second
check-in for a date, is a conflict. Uniqueness is enforced by the database, so 20
concurrent retries of one write still make exactly one row.
"""

import datetime as dt
import decimal
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import Conflict, Gone
from config.queueing import queue
from rehab import alerts, decisions
from rehab.models import CheckIn, ExerciseSession, LogRecord, Measurement, Run

ESCALATING_PAIN = 8  # PROTOCOLS.md section 7: any pain_during of 8 or more, session or run
PATIENT_MEASUREMENTS = ("phat", "visa_h")  # the only keys a patient records themselves


class WriteConflict(Conflict):
    """The same id with other content, or a second check-in for a date (named by
    `existing_id`, which the answer carries)."""

    def __init__(self, message: str, existing_id=None):
        named = {} if existing_id is None else {"existing_id": str(existing_id)}
        super().__init__(message, **named)
        self.existing_id = existing_id


class LogDeleted(Gone):
    """A replayed write of a log deleted since: it stays deleted (410), so a phone's
    outbox can drop it."""


@dataclass(frozen=True)
class WriteResult:
    record: LogRecord
    created: bool


def _comparable(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, decimal.Decimal | float | int) and not isinstance(value, bool):
        return decimal.Decimal(str(value)).normalize()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    return value


def same_content(record: LogRecord, data: dict) -> bool:
    for field, value in data.items():
        stored = getattr(record, field)
        if _comparable(stored) != _comparable(value):
            return False
    return True


def create_log(
    *, model: type[LogRecord], patient, data: dict, user, evaluate_after: bool = True
) -> WriteResult:
    """Create a log from validated data (which holds the client's `id`), idempotently.

    `evaluate_after=False` skips the follow-up gate evaluation (bulk imports evaluate once).
    """
    fields = {k: v for k, v in data.items() if k != "id"}
    try:
        with transaction.atomic():
            record = model(id=data["id"], patient=patient, **fields)
            record._history_user = user
            record.save(force_insert=True)
            _after_write(record, previous_red_flags=())
    except IntegrityError:
        return _replay_or_conflict(model=model, patient=patient, data=data)
    if evaluate_after:
        _queue_evaluation(record)
    return WriteResult(record, created=True)


def _replay_or_conflict(*, model, patient, data) -> WriteResult:
    existing = model.kept.filter(pk=data["id"]).first()
    if existing is not None:
        mine = existing.patient_id == patient.pk
        if mine and existing.deleted_at is not None:
            raise LogDeleted(
                _(
                    "This record was deleted, so it is not saved again. "
                    "Send a new id to log it anew."
                )
            )
        if mine and same_content(existing, {k: v for k, v in data.items() if k != "id"}):
            return WriteResult(existing, created=False)
        raise WriteConflict(
            _("This id was already used for a different record. Send a new id for a new record.")
        )
    if model is CheckIn:
        other = CheckIn.objects.filter(patient=patient, date=data["date"]).first()
        if other is not None:
            raise WriteConflict(
                _("There is already a check-in for %(date)s (%(id)s). Edit that one instead.")
                % {"date": f"{data['date']:%Y-%m-%d}", "id": other.pk},
                existing_id=other.pk,
            )
    raise WriteConflict(_("This record conflicts with one already stored."))


def clinician_recorded(measurement: Measurement) -> bool:
    """A test or check staff recorded: the gates read it, so it is read-only to the
    patient. Without a recorder, only the patient's own keys count as theirs."""
    if measurement.recorded_by_id is not None:
        return measurement.recorded_by_id != measurement.patient.user_id
    return measurement.key not in PATIENT_MEASUREMENTS


@transaction.atomic
def update_log(*, record: LogRecord, data: dict, user) -> LogRecord:
    previous_red_flags = tuple(getattr(record, "red_flags", ()))
    changed = {field for field, value in data.items() if getattr(record, field) != value}
    for field, value in data.items():
        setattr(record, field, value)
    record._history_user = user
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        other = CheckIn.objects.filter(patient=record.patient, date=record.date).first()
        raise WriteConflict(
            _("There is already a check-in for %(date)s. Edit that one instead.")
            % {"date": f"{record.date:%Y-%m-%d}"},
            existing_id=other.pk if other else None,
        )
    _after_write(record, previous_red_flags=previous_red_flags)
    if changed - {"note"}:
        decisions.evidence_changed(record=record, how="corrected")
    _queue_evaluation(record)
    return record


@transaction.atomic
def delete_log(*, record: LogRecord, user) -> None:
    """Mark the log deleted: the row and its versions stay (a last version names who
    deleted it), and every live read leaves it out (LogRecord, PROTOCOLS.md 9.5)."""
    record.deleted_at = timezone.now()
    record.deleted_by = user
    record._history_user = user
    record.save(update_fields=["deleted_at", "deleted_by"])
    decisions.evidence_changed(record=record, how="deleted")
    _queue_evaluation(record)


# What a patient may delete of their own, by the name the API gives each kind.
PATIENT_DELETABLE = {
    "checkin": CheckIn,
    "session": ExerciseSession,
    "run": Run,
    "measurement": Measurement,
}


@dataclass(frozen=True)
class DeletedLog:
    id: object
    kind: str
    date: dt.date
    deleted_at: dt.datetime


def deleted_by_patient(
    patient, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[DeletedLog]:
    """The logs the patient deleted themselves, the latest deletion first, dated within
    the bounds: their physio sees that they went, never what they held, since every live
    read leaves them out (LogRecord, PROTOCOLS.md 9.5)."""
    found = []
    for kind, model in PATIENT_DELETABLE.items():
        rows = model.kept.filter(patient=patient, deleted_by_id=patient.user_id)
        if date_from is not None:
            rows = rows.filter(date__gte=date_from)
        if date_to is not None:
            rows = rows.filter(date__lte=date_to)
        found += [
            DeletedLog(id=pk, kind=kind, date=date, deleted_at=deleted_at)
            for pk, date, deleted_at in rows.values_list("pk", "date", "deleted_at")
        ]
    return sorted(found, key=lambda row: row.deleted_at, reverse=True)


def _after_write(record: LogRecord, *, previous_red_flags) -> None:
    """Red flags alert the treating physio in the same transaction as the write."""
    if isinstance(record, CheckIn):
        new_flags = [key for key in record.red_flags if key not in previous_red_flags]
        new_flags = alerts.with_derived_flags(record.patient, new_flags, on=record.date)
        alerts.raise_red_flags(patient=record.patient, keys=new_flags, checkin=record)
        withdrawn = [key for key in previous_red_flags if key not in record.red_flags]
        alerts.note_withdrawn_red_flags(patient=record.patient, keys=withdrawn, on=record.date)
    if isinstance(record, Run):
        alerts.warn_run_above_level(run=record)
    if isinstance(record, ExerciseSession | Run) and record.pain_during >= ESCALATING_PAIN:
        alerts.raise_red_flags(
            patient=record.patient, keys=["escalating"], enrolment=record.enrolment
        )


def _queue_evaluation(record: LogRecord) -> None:
    """Once the write is committed, re-evaluate the enrolments it feeds."""
    patient_id = record.patient_id
    # With the broker down the write still stands and the nightly run evaluates it.
    transaction.on_commit(lambda: queue("rehab.tasks.evaluate_patient", patient_id))
