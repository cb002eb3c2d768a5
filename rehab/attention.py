"""Attention alerts (PROTOCOLS.md 9.13): stalled (no check-in on 3 consecutive local
dates) and not responding (no advance in 12 weeks). Each episode alerts once: the
decision ledger keys it by when the condition began, so an acknowledged alert is not
raised again until the condition has ended and begun again."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Max, OuterRef, Q, Subquery

from rehab.alerts import new_alert, raise_alert
from rehab.models import ActedEvidence, Alert, CheckIn, Enrolment
from rehab.services import with_versions

STALLED_DAYS = 3  # clinic default


def raise_attention_alerts(*, enrolment_id: int) -> None:
    raise_attention_alerts_many(enrolment_ids=[enrolment_id])


def raise_attention_alerts_many(*, enrolment_ids) -> None:
    """The chunk's active enrolments, their protocol versions and their episodes already
    in the ledger in three queries; the chunk's new episodes (their ledger rows and
    alerts) in a fixed number more, however many there are."""
    latest_checkin = (
        CheckIn.objects.filter(patient=OuterRef("patient")).order_by("-date").values("date")[:1]
    )
    forward = Q(transitions__status__in=["applied", "approved"]) & Q(
        transitions__decision__in=["advance", "ready_for_review", "override"]
    )
    enrolments = list(
        Enrolment.objects.select_related("patient", "patient__treating_physio", "current_phase")
        .defer("gate_snapshot")
        .annotate(last_checkin=Subquery(latest_checkin))
        .annotate(last_advance=Max("transitions__decided_at", filter=forward))
        .filter(pk__in=list(enrolment_ids), status="active")
        .order_by("pk")
    )
    # A hint, not the guarantee: the ledger's unique constraint still decides.
    alerted = set(
        ActedEvidence.objects.filter(
            enrolment_id__in=[e.pk for e in enrolments], rule__in=["stalled", "not_responding"]
        ).values_list("enrolment_id", "rule", "evidence")
    )
    with_versions(enrolments)
    episodes = []
    for enrolment in enrolments:
        episodes += [
            e for e in _episodes(enrolment) if (enrolment.pk, e.rule, e.evidence) not in alerted
        ]
    _raise_together(episodes)


@dataclass
class Episode:
    """A new episode: its ledger row and the alert it raises."""

    enrolment: Enrolment
    rule: str
    evidence: str
    on: dt.date
    alert: Alert  # unsaved


def _episodes(enrolment) -> list[Episode]:
    """The enrolment's attention episodes now (alerted before or not)."""
    found = []
    today = enrolment.patient.local_today()
    last = enrolment.last_checkin or enrolment.start_date
    if (today - last).days >= STALLED_DAYS:
        message = f"No check-in since {last:%d %b} ({(today - last).days} days)."
        found.append(
            Episode(
                enrolment,
                "stalled",
                f"no-checkin-since:{last.isoformat()}",
                last,
                _alert(enrolment, Alert.Kind.STALLED, message, for_enrolment=False),
            )
        )
    definition = enrolment.version.parsed
    has_exit = any(g.from_phase == enrolment.current_phase.key for g in definition.gates)
    weeks = definition.rules.not_responding_weeks
    since = enrolment.start_date
    if enrolment.last_advance is not None:
        zone = ZoneInfo(enrolment.patient.timezone)
        since = max(since, enrolment.last_advance.astimezone(zone).date())
    if has_exit and today - since >= dt.timedelta(weeks=weeks):
        message = f"No advance in {weeks} weeks: worth a review of the plan."
        found.append(
            Episode(
                enrolment,
                "not_responding",
                f"no-advance-since:{since.isoformat()}",
                since,
                _alert(enrolment, Alert.Kind.NOT_RESPONDING, message, for_enrolment=True),
            )
        )
    return found


def _alert(enrolment, kind, message, *, for_enrolment: bool) -> Alert:
    """The alert `raise_alert` would create: a stalled patient is the patient's alert, not
    the programme's (one for all their programmes)."""
    return new_alert(
        patient=enrolment.patient,
        enrolment=enrolment if for_enrolment else None,
        kind=kind,
        severity=Alert.Severity.ROUTINE,
        message=message,
    )


def _raise_together(episodes: list[Episode]) -> None:
    """Record the new episodes in the ledger and raise their alerts in a fixed number of
    statements: the open alerts read at once, then the alerts and the ledger rows inserted
    in one statement each. An alert already open (or raised a row earlier, for the
    patient's other programme) is not raised again, as `raise_alert` would not. If a
    concurrent evaluation recorded an episode or raised an alert first, the inserts fail
    together and each episode is recorded alone, the constraints deciding, as before."""
    if not episodes:
        return
    open_alerts = Alert.objects.filter(
        patient_id__in={e.enrolment.patient_id for e in episodes},
        kind__in=[Alert.Kind.STALLED, Alert.Kind.NOT_RESPONDING],
        key="",
        acknowledged_at__isnull=True,
    )
    taken = set(open_alerts.values_list("patient_id", "kind", "enrolment_id"))
    raised = []
    for episode in episodes:
        alert = episode.alert
        slot = (alert.patient_id, alert.kind, alert.enrolment_id)
        raised.append(None if slot in taken else alert)
        taken.add(slot)
    try:
        with transaction.atomic():
            Alert.objects.bulk_create([alert for alert in raised if alert is not None])
            ActedEvidence.objects.bulk_create(
                _ledger_row(episode, alert) for episode, alert in zip(episodes, raised, strict=True)
            )
    except IntegrityError:
        for episode in episodes:
            _once(episode)


def _ledger_row(episode: Episode, alert) -> ActedEvidence:
    return ActedEvidence(
        enrolment=episode.enrolment,
        rule=episode.rule,
        evidence=episode.evidence,
        evidence_on=episode.on,
        action=ActedEvidence.Action.ATTENTION,
        alert=alert,
        trigger="nightly",
    )


def _once(episode: Episode) -> None:
    """Record the episode in the ledger; raise its alert only the first time."""
    alert = episode.alert
    try:
        with transaction.atomic():
            row = _ledger_row(episode, None)
            row.save()
            row.alert = raise_alert(
                patient=alert.patient,
                enrolment=alert.enrolment,
                kind=alert.kind,
                severity=alert.severity,
                message=alert.message,
            )
            row.save(update_fields=["alert"])
    except IntegrityError:
        return  # this episode was alerted already
