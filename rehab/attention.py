"""Attention alerts (PROTOCOLS.md 9.13): stalled (no check-in on 3 consecutive local
dates) and not responding (no advance in 12 weeks). Each episode alerts once: the
decision ledger keys it by when the condition began, so an acknowledged alert is not
raised again until the condition has ended and begun again."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Max, OuterRef, Q, Subquery

from rehab.alerts import raise_alert
from rehab.models import ActedEvidence, Alert, CheckIn, Enrolment

STALLED_DAYS = 3  # clinic default


def raise_attention_alerts(*, enrolment_id: int) -> None:
    raise_attention_alerts_many(enrolment_ids=[enrolment_id])


def raise_attention_alerts_many(*, enrolment_ids) -> None:
    """The chunk's active enrolments and their episodes already in the ledger in two
    queries; only a new episode costs writes (its ledger row and alert)."""
    latest_checkin = (
        CheckIn.objects.filter(patient=OuterRef("patient")).order_by("-date").values("date")[:1]
    )
    forward = Q(transitions__status__in=["applied", "approved"]) & Q(
        transitions__decision__in=["advance", "ready_for_review", "override"]
    )
    enrolments = list(
        Enrolment.objects.select_related(
            "patient", "patient__treating_physio", "version", "current_phase"
        )
        .annotate(last_checkin=Subquery(latest_checkin))
        .annotate(last_advance=Max("transitions__decided_at", filter=forward))
        .filter(pk__in=list(enrolment_ids), status="active")
        .order_by("pk")
    )
    # A hint, not the guarantee: the ledger's unique constraint still decides in _once.
    alerted = set(
        ActedEvidence.objects.filter(
            enrolment_id__in=[e.pk for e in enrolments], rule__in=["stalled", "not_responding"]
        ).values_list("enrolment_id", "rule", "evidence")
    )
    versions = {}
    for enrolment in enrolments:
        enrolment.version = versions.setdefault(enrolment.version_id, enrolment.version)
        _raise_for(enrolment, alerted)


def _raise_for(enrolment, alerted) -> None:
    today = enrolment.patient.local_today()
    last = enrolment.last_checkin or enrolment.start_date
    if (today - last).days >= STALLED_DAYS:
        _once(
            enrolment,
            "stalled",
            f"no-checkin-since:{last.isoformat()}",
            last,
            alerted,
            lambda: raise_alert(
                patient=enrolment.patient,
                kind=Alert.Kind.STALLED,
                severity=Alert.Severity.ROUTINE,
                message=f"No check-in since {last:%d %b} ({(today - last).days} days).",
            ),
        )
    definition = enrolment.version.parsed
    has_exit = any(g.from_phase == enrolment.current_phase.key for g in definition.gates)
    weeks = definition.rules.not_responding_weeks
    since = enrolment.start_date
    if enrolment.last_advance is not None:
        zone = ZoneInfo(enrolment.patient.timezone)
        since = max(since, enrolment.last_advance.astimezone(zone).date())
    if has_exit and today - since >= dt.timedelta(weeks=weeks):
        _once(
            enrolment,
            "not_responding",
            f"no-advance-since:{since.isoformat()}",
            since,
            alerted,
            lambda: raise_alert(
                patient=enrolment.patient,
                enrolment=enrolment,
                kind=Alert.Kind.NOT_RESPONDING,
                severity=Alert.Severity.ROUTINE,
                message=f"No advance in {weeks} weeks: worth a review of the plan.",
            ),
        )


def _once(enrolment, rule: str, evidence: str, on: dt.date, alerted, raise_it) -> None:
    """Record the episode in the ledger; raise its alert only the first time."""
    if (enrolment.pk, rule, evidence) in alerted:
        return  # alerted on an earlier night: no insert to fail
    try:
        with transaction.atomic():
            row = ActedEvidence.objects.create(
                enrolment=enrolment,
                rule=rule,
                evidence=evidence,
                evidence_on=on,
                action=ActedEvidence.Action.ATTENTION,
                trigger="nightly",
            )
            row.alert = raise_it()
            row.save(update_fields=["alert"])
    except IntegrityError:
        return  # this episode was alerted already
