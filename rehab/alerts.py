"""Alerts for a human: raised once per open kind, acknowledged by staff."""

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from config.queueing import queue_or_run
from patients.models import User
from protocols.vocabulary import ANSWERED_RED_FLAG_KEYS, RED_FLAGS
from rehab import running
from rehab.models import Alert, Measurement

# Red flags, their words and what they stop live in the vocabulary (PROTOCOLS.md section 7).
RED_FLAG_MESSAGES = {f.key: f.message for f in RED_FLAGS}
# On an avulsion enrolment under 25 `adolescent` is a routine prompt (PROTOCOLS.md 7).
ADOLESCENT_INTAKE_MESSAGE = (
    "Under 25 on the avulsion programme: the ischial apophysis may still be open. Confirm "
    "that imaging excluded an apophyseal avulsion fracture (S32.61-) and record the check "
    "imaging_excluded_apophyseal_fracture."
)
ADOLESCENT_AGE = 25  # under 25 the ischial apophysis may still be open
# The ones a patient answers; `escalating` and `adolescent` are derived by the app.
REPORTABLE_RED_FLAGS = ANSWERED_RED_FLAG_KEYS
# While one of these is open, Today gives its advice in place of runs and loaded work.
STOPS_LOADING = tuple(f.key for f in RED_FLAGS if f.stops_loading)
SEVERITY = {f.key: Alert.Severity(f.severity) for f in RED_FLAGS}


def age_on(born, day) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def with_derived_flags(patient, keys, *, on) -> list[str]:
    """The answered flags plus `adolescent` for a pop (`suspected_avulsion`) under 25 on the
    answer's date; age alone raises nothing (PROTOCOLS.md section 7)."""
    keys = list(keys)
    if "suspected_avulsion" in keys and age_on(patient.date_of_birth, on) < ADOLESCENT_AGE:
        keys.append("adolescent")
    return keys


def new_alert(*, patient, kind, severity, message, key="", enrolment=None, checkin=None) -> Alert:
    """An unsaved alert, assigned to the patient's treating physio: `raise_alert` saves one;
    the nightly chunk inserts many together."""
    return Alert(
        patient=patient,
        enrolment=enrolment,
        assigned_to_id=patient.treating_physio_id,
        kind=kind,
        key=key,
        severity=severity,
        message=message,
        checkin=checkin,
    )


def raise_alert(
    *, patient, kind, severity, message, key="", enrolment=None, checkin=None
) -> Alert | None:
    """Create an alert unless the same one is already open. Returns the new alert or None."""
    open_alerts = Alert.objects.filter(
        patient=patient, kind=kind, key=key, enrolment=enrolment, acknowledged_at__isnull=True
    )
    if open_alerts.exists():
        return None
    try:
        with transaction.atomic():  # a concurrent writer may have raised it a moment ago
            alert = new_alert(
                patient=patient,
                kind=kind,
                severity=severity,
                message=message,
                key=key,
                enrolment=enrolment,
                checkin=checkin,
            )
            alert.save(force_insert=True)
    except IntegrityError:
        return None
    if severity == Alert.Severity.URGENT:
        transaction.on_commit(lambda: queue_urgent_email(alert.pk))
    return alert


def queue_urgent_email(alert_id: int) -> None:
    """Email the people who must act, at once; with the broker down, send it from here."""
    queue_or_run("rehab.tasks.email_urgent_alert", alert_id)


def email_urgent_alert(alert_id: int) -> int:
    """Tell the treating physio (or, without one, the clinic's admins) that an urgent alert
    waits. Email is not a secure channel: the message carries a link, no health details."""
    alert = Alert.objects.select_related("patient__clinic", "assigned_to").get(pk=alert_id)
    if alert.acknowledged_at is not None:
        return 0
    clinic = alert.patient.clinic
    if alert.assigned_to and alert.assigned_to.is_active:
        recipients = [alert.assigned_to.email]
    else:
        admins = User.objects.filter(clinic=clinic, role=User.Role.CLINIC_ADMIN, is_active=True)
        recipients = list(admins.values_list("email", flat=True))
    if not recipients:
        return 0
    link = patient_link(alert)
    send_mail(
        subject=f"{clinic.name}: an urgent alert needs you",
        message=(
            "A patient's answers raised an urgent alert in the rehab tracker. Please review "
            f"it now:\n\n{link}\n\nThe details are in the app (sign in to see them)."
        ),
        from_email=None,
        recipient_list=recipients,
    )
    return len(recipients)


def open_urgent_red_flags(patient_id: int) -> dict[str, dt.date]:
    """Urgent red flags raised and not cleared since: flag -> date of its latest alert.
    Only the physio's `<flag>_cleared` check clears one, and the newest check wins (a later
    correction to 0 opens it again); acknowledging the alert only stops re-alerting
    (PROTOCOLS.md 9.4, 9.8)."""
    raised = dict(
        Alert.objects.filter(
            patient_id=patient_id, kind=Alert.Kind.RED_FLAG, severity=Alert.Severity.URGENT
        )
        .values("key")
        .annotate(last=Max("created_at"))
        .values_list("key", "last")
    )
    checks = Measurement.objects.filter(
        patient_id=patient_id, key__in=[f"{flag}_cleared" for flag in raised]
    ).order_by("date", "created_at")
    newest = {
        key.removesuffix("_cleared"): (value, at)
        for key, value, at in checks.values_list("key", "value", "created_at")
    }
    return {
        flag: last.date()
        for flag, last in sorted(raised.items())
        if not ((check := newest.get(flag)) and check[0] >= 1 and check[1] >= last)
    }


ESCALATE_AFTER = dt.timedelta(hours=24)  # clinic default (PROTOCOLS.md 9.8)


def escalate_unseen_urgent_alerts(*, now=None) -> int:
    """An urgent alert nobody acknowledged for 24 hours goes to the clinic's admins, once.
    Returns how many alerts were escalated."""
    now = now or timezone.now()
    waiting = Alert.objects.filter(
        severity=Alert.Severity.URGENT,
        acknowledged_at__isnull=True,
        escalated_at__isnull=True,
        created_at__lte=now - ESCALATE_AFTER,
    ).select_related("patient__clinic")
    escalated = 0
    for alert in waiting:
        clinic = alert.patient.clinic
        admins = User.objects.filter(clinic=clinic, role=User.Role.CLINIC_ADMIN, is_active=True)
        recipients = list(admins.values_list("email", flat=True))
        if recipients:
            send_mail(
                subject=f"{clinic.name}: an urgent alert has waited 24 hours",
                message=(
                    "An urgent alert in the rehab tracker has not been acknowledged for 24 "
                    f"hours. Please make sure someone reviews it:\n\n{patient_link(alert)}\n\n"
                    "The details are in the app (sign in to see them)."
                ),
                from_email=None,
                recipient_list=recipients,
            )
        Alert.objects.filter(pk=alert.pk).update(escalated_at=now)
        escalated += 1
    return escalated


def patient_link(alert: Alert) -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/physio/patients/{alert.patient_id}"


def raise_red_flags(*, patient, keys, checkin=None, enrolment=None) -> list[Alert]:
    raised = []
    for key in keys:
        severity = SEVERITY.get(key, Alert.Severity.URGENT)
        alert = raise_alert(
            patient=patient,
            kind=Alert.Kind.RED_FLAG,
            key=key,
            severity=severity,
            message=RED_FLAG_MESSAGES[key],
            checkin=checkin,
            enrolment=enrolment,
        )
        if alert:
            raised.append(alert)
    running.pause_for_red_flags(patient_id=patient.pk, keys=keys)
    return raised


def warn_run_above_level(*, run) -> Alert | None:
    """A run logged above the plan's current level warns the physio (PROTOCOLS.md 9.9); it
    still feeds the step-back and red-flag rules, but counts toward no level."""
    level = run.enrolment.current_phase.index + 1
    if run.enrolment.current_phase.run_plan is None or run.level <= level:
        return None
    return raise_alert(
        patient=run.patient,
        enrolment=run.enrolment,
        kind=Alert.Kind.FLARE,
        key="run_above_level",
        severity=Alert.Severity.ROUTINE,
        message=f"A run on {run.date:%d %b} was logged at level {run.level}, above the "
        f"current level {level}.",
    )


def note_withdrawn_red_flags(*, patient, keys, on) -> None:
    """A red-flag answer the patient takes back ("entered in error") stays on record: its
    alert stays open, annotated, until a physio acknowledges it (PROTOCOLS.md 9.5)."""
    if not keys:  # nearly every write: skip building a query that cannot match (~3 ms)
        return
    for alert in Alert.objects.filter(
        patient=patient, kind=Alert.Kind.RED_FLAG, key__in=keys, acknowledged_at__isnull=True
    ):
        alert.message += f" (The patient withdrew this answer on {on:%d %b} as entered in error.)"
        alert.save(update_fields=["message"])


def acknowledge(*, alert: Alert, user) -> Alert:
    if alert.acknowledged_at is None:
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by = user
        alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return alert
