"""The conversation: a merged read of free messages, the notes on the patient's logs and
the physio's decision notes, oldest first; writing a message; and unread counts.

Nothing is copied: a note corrected or deleted on its log, or a patient erased, is
corrected or gone here too.
"""

import datetime as dt
from collections import Counter

from django.db import transaction
from django.db.models import (
    BigIntegerField,
    CharField,
    Count,
    DateField,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce

from config.queueing import queue_or_run
from conversations.models import Message, ReadMarker
from patients.models import Patient, User
from plans.models import PlanVersion
from rehab.models import CheckIn, ExerciseSession, PhaseTransition, Run

LOGS = {"checkin": CheckIn, "session": ExerciseSession, "run": Run}
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# The columns every part of the merged read has, in this order (a SQL UNION needs it).
COLUMNS = (
    "c_kind",
    "c_source",
    "c_ref",
    "c_text",
    "c_at",
    "c_author",
    "c_date",
    "c_status",
    "c_decision",
    "c_phase",
    "c_enrolment",
    "c_said",
)


def _text(value: str = ""):
    return Value(value, output_field=CharField())


# Typed NULLs: PostgreSQL reads an untyped NULL in a UNION as text.
NO_DATE = Cast(Value(None), DateField())
NO_ID = Cast(Value(None), BigIntegerField())


def _messages(patient_ids) -> QuerySet:
    return (
        Message.objects.filter(patient_id__in=patient_ids)
        .order_by()
        .annotate(
            c_kind=_text("message"),
            c_source=_text("message"),
            c_ref=Cast("pk", CharField()),
            c_text=F("text"),
            c_at=F("created_at"),
            c_author=F("author_id"),
            c_date=NO_DATE,
            c_status=_text(),
            c_decision=_text(),
            c_phase=_text(),
            c_enrolment=NO_ID,
            c_said=_text(),
        )
    )


def _log_notes(source: str, patient_ids) -> QuerySet:
    model = LOGS[source]
    enrolment = F("enrolment_id") if source != "checkin" else NO_ID
    return (
        model.objects.filter(patient_id__in=patient_ids)
        .exclude(note="")
        .order_by()
        .annotate(
            c_kind=_text("note"),
            c_source=_text(source),
            c_ref=Cast("pk", CharField()),
            c_text=F("note"),
            c_at=F("created_at"),
            c_author=F("patient__user_id"),
            c_date=F("date"),
            c_status=_text(),
            c_decision=_text(),
            c_phase=_text(),
            c_enrolment=enrolment,
            c_said=_text(),
        )
    )


def _decisions(patient_ids) -> QuerySet:
    """A person's approve, decline or override note, and why a proposal was closed."""
    return (
        PhaseTransition.objects.filter(enrolment__patient_id__in=patient_ids)
        .filter(Q(status="closed") & ~Q(reason="") | Q(decided_by__isnull=False) & ~Q(note=""))
        .order_by()
        .annotate(
            c_kind=_text("decision"),
            c_source=_text("transition"),
            c_ref=Cast("pk", CharField()),
            c_text=F("note"),
            c_at=Coalesce("decided_at", "created_at", output_field=DateTimeField()),
            c_author=F("decided_by_id"),
            c_date=F("evaluated_on"),
            c_status=F("status"),
            c_decision=F("decision"),
            c_phase=Coalesce("to_phase__name", _text()),
            c_enrolment=F("enrolment_id"),
            c_said=F("reason"),
        )
    )


def _plan_changes(patient_ids) -> QuerySet:
    """A physio's change to the patient's plan, with its reason."""
    return (
        PlanVersion.objects.filter(enrolment__patient_id__in=patient_ids)
        .order_by()
        .annotate(
            c_kind=_text("decision"),
            c_source=_text("plan"),
            c_ref=Cast("pk", CharField()),
            c_text=F("summary"),
            c_at=F("created_at"),
            c_author=F("created_by_id"),
            c_date=Cast("created_at", DateField()),
            c_status=_text(),
            c_decision=F("kind"),
            c_phase=F("phase__name"),
            c_enrolment=F("enrolment_id"),
            c_said=F("reason"),
        )
    )


def conversation(*, patient: Patient) -> QuerySet:
    """The patient's conversation as tuples (COLUMNS), oldest first; slice it to page."""
    ids = [patient.pk]
    parts = [
        _messages(ids),
        *(_log_notes(source, ids) for source in LOGS),
        _decisions(ids),
        _plan_changes(ids),
    ]
    parts = [part.values_list(*COLUMNS) for part in parts]
    return parts[0].union(*parts[1:], all=True).order_by("c_at", "c_ref")


def present(rows: list[tuple]) -> list[dict]:
    """Rows as the API shows them, with their authors (one query)."""
    authors = {
        u.pk: u
        for u in User.objects.filter(pk__in={r[5] for r in rows if r[5]}).only("name", "role")
    }
    return [_present(row, authors) for row in rows]


def _as_clause(reason: str) -> str:
    """A reason as the end of a sentence: 'Sore after...' -> 'sore after...' (an acronym
    such as 'DOMS' keeps its capitals)."""
    reason = reason.strip()
    if len(reason) > 1 and reason[0].isupper() and not reason[1].isupper():
        reason = reason[0].lower() + reason[1:]
    return reason


def _present(row, authors) -> dict:
    kind, source_type, ref, text, created_at, author_id, on_date = row[:7]
    status, decision, phase, enrolment_id, said = row[7:12]
    author = authors.get(author_id)
    source = None
    if source_type == "transition":
        if status == "closed" and said:
            text = f"{said} {text}".strip() if text else said
        source = {
            "type": "transition",
            "id": int(ref),
            "status": status,
            "decision": decision,
            "to_phase": phase or None,
            "enrolment": enrolment_id,
            "date": on_date,
        }
    elif source_type == "plan":
        text = f"Your physio {text} because {_as_clause(said)}"
        source = {
            "type": "plan",
            "id": int(ref),
            "kind": decision,
            "phase": phase,
            "enrolment": enrolment_id,
            "date": on_date,
        }
    elif source_type != "message":
        source = {"type": source_type, "id": ref, "date": on_date}
        if enrolment_id:
            source["enrolment"] = enrolment_id
    return {
        "id": f"{source_type}:{ref}",
        "author": {"id": author.pk, "name": author.name, "role": author.role}
        if author
        else {"id": None, "name": "Rehab tracker", "role": "system"},
        "kind": kind,
        "text": text,
        "created_at": created_at,
        "source": source,
    }


@transaction.atomic
def post_message(*, patient: Patient, author: User, text: str) -> Message:
    message = Message.objects.create(patient=patient, author=author, text=text.strip())
    # With the broker down the email is sent from here.
    transaction.on_commit(lambda: queue_or_run("conversations.tasks.email_new_message", message.pk))
    return message


def mark_read(*, user: User, patient: Patient, until: dt.datetime) -> None:
    """Move the reader's marker forward to `until` (never back)."""
    marker, created = ReadMarker.objects.get_or_create(
        user=user, patient=patient, defaults={"seen_until": until}
    )
    if not created and marker.seen_until < until:
        ReadMarker.objects.filter(pk=marker.pk, seen_until__lt=until).update(seen_until=until)


def _seen(user: User, patient_field: str):
    return Coalesce(
        Subquery(
            ReadMarker.objects.filter(user=user, patient_id=OuterRef(patient_field)).values(
                "seen_until"
            )[:1]
        ),
        Value(EPOCH, output_field=DateTimeField()),
    )


def _unread_sources(user: User, patients: Q) -> list[QuerySet]:
    """The patient's own messages and log notes the staff member has not seen yet, one
    queryset per source; `patients` limits them by their `patient_id`."""
    sources = [Message.objects.filter(patients, author_id=F("patient__user_id"))]
    sources += [model.objects.filter(patients).exclude(note="") for model in LOGS.values()]
    return [
        source.order_by().annotate(seen=_seen(user, "patient_id")).filter(created_at__gt=F("seen"))
        for source in sources
    ]


def unread_for_staff(*, user: User, patient_ids) -> Counter:
    """Per patient, the patient's notes and messages the staff member has not seen yet
    (one query, whatever the number of patients)."""
    parts = [
        source.values("patient_id").annotate(n=Count("pk")).values_list("patient_id", "n")
        for source in _unread_sources(user, Q(patient_id__in=patient_ids))
    ]
    counts: Counter = Counter()
    for patient_id, n in parts[0].union(*parts[1:], all=True):
        counts[patient_id] += n
    return counts


def has_unread(*, user: User) -> Q:
    """A condition on patients: the staff member has notes or messages of theirs to read
    (what unread_for_staff counts), so a caseload can rank by it in SQL."""
    condition = Q()
    for source in _unread_sources(user, Q(patient_id=OuterRef("pk"))):
        condition |= Exists(source)
    return condition


def unread_for_patient(*, patient: Patient) -> int:
    """Messages from the clinic and decision notes the patient has not seen yet."""
    user = patient.user
    seen = (
        ReadMarker.objects.filter(user=user, patient=patient)
        .values_list("seen_until", flat=True)
        .first()
        or EPOCH
    )
    messages = (
        Message.objects.filter(patient=patient, created_at__gt=seen).exclude(author=user).count()
    )
    decisions = _decisions([patient.pk]).filter(c_at__gt=seen).exclude(decided_by=user).count()
    plan_changes = PlanVersion.objects.filter(
        enrolment__patient=patient, created_at__gt=seen
    ).count()
    return messages + decisions + plan_changes


def message_row(message: Message) -> dict:
    """A new message as the conversation shows it."""
    return present(
        [
            (
                "message",
                "message",
                str(message.pk),
                message.text,
                message.created_at,
                message.author_id,
                None,
                "",
                "",
                "",
                None,
                "",
            )
        ]
    )[0]
