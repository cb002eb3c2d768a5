"""The physio's caseload: every patient of the clinic, most urgent first.

Ranked in SQL (ranked()), so a caseload of any size costs one count and one query for
the page; only the page's rows are built (rows()), in a fixed number of queries: its
open alerts, enrolments (with their prescriptions), check-ins and sessions of the last
14 days and the caller's unread notes.

Reasons rank by severity before kind (an urgent red flag, then a high flare, before
anything routine); a gate that waits only on the physio's own checks or measurements,
and notes from the patient not yet read, are routine reasons of their own. Within one
reason, the older alert first; then by name.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping

from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    Exists,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Coalesce, Least, Lower

from protocols.models import Prescription
from protocols.zones import strictest_zones
from rehab.models import Alert, CheckIn, Enrolment, ExerciseSession

DAYS = 14
# Adherence is not judged before a week of the programme has passed (it reads "n/a").
ADHERENCE_MIN_DAYS = 7
# Within one severity: red flags, flares, ready for review, waiting on the physio's check,
# unread notes, stalled, not responding.
KIND_RANK = {
    "red_flag": 0,
    "flare": 1,
    "ready_for_review": 2,
    "waiting_on_check": 3,
    "note": 4,
    "stalled": 5,
    "not_responding": 6,
}
SEVERITY_RANK = {"urgent": 0, "high": 1, "routine": 2}
ON_TRACK = (len(SEVERITY_RANK), 0, 0)


def waiting_on_physio(gate: dict | None) -> list[str]:
    """The labels of the physio's own checks and clinician measurements a stored gate still
    lacks, when nothing else holds it (no other unmet criterion, no flare or hold, no
    open red flag). A check recorded as "no", or a measurement recorded below its
    target, is the patient's progress, not a missing check. WaitingOnPhysio is the same
    rule in SQL."""
    if not gate or gate.get("flare_reasons") or gate.get("hold_reasons") or gate.get("blocked_by"):
        return []
    unmet = [c for c in gate.get("criteria", []) if not c.get("met")]
    missing = [c["label"] for c in unmet if _physio_records_it(c) and c.get("observed") is None]
    return missing if unmet and len(missing) == len(unmet) else []


def _physio_records_it(criterion: dict) -> bool:
    # A measurement with no target to reach ("recorded") is a questionnaire the patient
    # fills in (PHAT, VISA-H); the others are the clinician's tests.
    return criterion.get("key") == "check" or (
        criterion.get("key") == "measurement" and criterion.get("target") != "recorded"
    )


# waiting_on_physio(gate) != [] in SQL, per database: Python's truthiness of JSON values
# (null, false, 0, "", [] and {} are false), a missing key reads as None.
_PG_FALSY = ", ".join(f"'{v}'::jsonb" for v in ("null", "false", "0", '""', "[]", "{}"))


def _pg_truthy(value: str) -> str:
    return f"COALESCE({value} NOT IN ({_PG_FALSY}), false)"


def _pg_waiting(g: str) -> tuple[str, ...]:
    criteria = (
        f"jsonb_array_elements(CASE WHEN jsonb_typeof({g} -> 'criteria') = 'array' "
        f"THEN {g} -> 'criteria' ELSE '[]'::jsonb END) AS crit(v)"
    )
    held = [
        _pg_truthy(f"({g} -> '{key}')") for key in ("flare_reasons", "hold_reasons", "blocked_by")
    ]
    physio = (
        "(v ->> 'key' = 'check' OR (v ->> 'key' = 'measurement'"
        " AND (v -> 'target') IS DISTINCT FROM '\"recorded\"'::jsonb))"
    )
    none = "COALESCE(v -> 'observed', 'null'::jsonb) = 'null'::jsonb"
    return _pg_truthy(g), held, criteria, _pg_truthy("(v -> 'met')"), physio, none


def _sqlite_truthy(doc: str, path: str) -> str:
    at = f"{doc}, '{path}'"
    return (
        f"COALESCE(CASE json_type({at}) WHEN 'true' THEN 1"
        f" WHEN 'integer' THEN json_extract({at}) != 0 WHEN 'real' THEN json_extract({at}) != 0"
        f" WHEN 'text' THEN json_extract({at}) != '' WHEN 'array' THEN json_array_length({at}) > 0"
        f" WHEN 'object' THEN json_extract({at}) != '{{}}' ELSE 0 END, 0)"
    )


def _sqlite_waiting(g: str) -> tuple[str, ...]:
    criteria = (
        f"json_each(CASE WHEN json_type({g}, '$.criteria') = 'array' THEN {g}"
        " ELSE '{\"criteria\": []}' END, '$.criteria') AS crit"
    )
    held = [
        _sqlite_truthy(g, f"$.{key}") for key in ("flare_reasons", "hold_reasons", "blocked_by")
    ]
    key = "json_extract(crit.value, '$.key')"
    physio = (
        f"({key} = 'check' OR ({key} = 'measurement'"
        " AND (json_type(crit.value, '$.target') IS NOT 'text'"
        " OR json_extract(crit.value, '$.target') != 'recorded')))"
    )
    none = "COALESCE(json_type(crit.value, '$.observed'), 'null') = 'null'"
    return (
        _sqlite_truthy(g, "$"),
        held,
        criteria,
        _sqlite_truthy("crit.value", "$.met"),
        physio,
        none,
    )


def waiting_sql(vendor: str, g: str) -> str:
    """WaitingOnPhysio's SQL for the JSON expression `g` (PostgreSQL or SQLite)."""
    forms = {"postgresql": _pg_waiting, "sqlite": _sqlite_waiting}
    if vendor not in forms:
        raise NotImplementedError(f"no SQL for waiting_on_physio on {vendor}")
    gate, held, criteria, met, physio, none = forms[vendor](g)
    false = "false" if vendor == "postgresql" else "0"  # a missing key compares as NULL
    return (
        f"({gate} AND NOT ({' OR '.join(held)})"
        f" AND EXISTS (SELECT 1 FROM {criteria} WHERE NOT {met})"
        f" AND NOT EXISTS (SELECT 1 FROM {criteria} WHERE NOT {met}"
        f" AND NOT COALESCE({physio} AND {none}, {false})))"
    )


class WaitingOnPhysio(Func):
    """True where a stored gate waits only on the physio (waiting_on_physio in SQL)."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        g, params = compiler.compile(self.source_expressions[0])
        sql = waiting_sql(connection.vendor, "{g}")
        return sql.replace("{g}", g), list(params) * sql.count("{g}")


class EpochMicroseconds(Func):
    """A timestamp as whole microseconds since 1970 (UTC), exact on PostgreSQL; on
    SQLite from the stored text (Django keeps UTC there)."""

    output_field = BigIntegerField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="(EXTRACT(EPOCH FROM %(expressions)s) * 1000000)::bigint"
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        x, params = compiler.compile(self.source_expressions[0])
        sql = (
            f"(CAST(strftime('%%s', {x}) AS INTEGER) * 1000000"
            f" + CAST(substr({x} || '.000000', 21, 6) AS INTEGER))"
        )
        return sql, list(params) * 2


# A reason's (severity, kind, since) as one number, so each patient's most urgent reason
# is one value: (severity x 10 + kind) x 10^17 + microseconds since 1970 (< 10^17).
RANK = 10**17


def _reason_key(severity: int, kind: int, since=None):
    rank = Value((severity * 10 + kind) * RANK, output_field=BigIntegerField())
    return rank if since is None else rank + since


def _alert_key():
    """An open alert's reason key."""
    severity = Case(
        *(When(severity=s, then=Value(r * 10 * RANK)) for s, r in SEVERITY_RANK.items()),
        default=Value(ON_TRACK[0] * 10 * RANK),
        output_field=BigIntegerField(),
    )
    kind = Case(
        *(When(kind=k, then=Value(r * RANK)) for k, r in KIND_RANK.items()),
        default=Value(9 * RANK),
        output_field=BigIntegerField(),
    )
    return severity + kind + EpochMicroseconds("created_at")


def ranked(patients: QuerySet, *, unread: Q | None = None) -> QuerySet:
    """The patients, most urgent first, ordered by the database (each reason's subquery
    once per patient). `unread`: a condition on patients that the caller has notes to
    read (conversations.services.has_unread)."""
    alert = (
        Alert.objects.filter(patient=OuterRef("pk"), acknowledged_at__isnull=True)
        .annotate(reason=_alert_key())
        .order_by("reason")
        .values("reason")[:1]
    )
    waiting = Enrolment.objects.filter(
        WaitingOnPhysio("gate_snapshot"), patient=OuterRef("pk"), status="active"
    )
    routine, on_track = SEVERITY_RANK["routine"], _reason_key(*ON_TRACK[:2])
    keys = [
        Coalesce(Subquery(alert, output_field=BigIntegerField()), on_track),
        Case(
            When(Exists(waiting), then=_reason_key(routine, KIND_RANK["waiting_on_check"])),
            default=on_track,
        ),
    ]
    if unread:
        keys.append(
            Case(When(unread, then=_reason_key(routine, KIND_RANK["note"])), default=on_track)
        )
    return patients.annotate(urgency=Least(*keys)).order_by("urgency", Lower("user__name"), "pk")


def _reasons(patient, alerts, gates, unread: int) -> None:
    """Sets what the row shows for a ranked patient: flags (open alert kinds), needs (every
    reason, most urgent first), waiting_on (the physio's missing checks) and unread."""
    found = [
        (SEVERITY_RANK[severity], KIND_RANK[kind], at.timestamp(), kind)
        for kind, severity, at in alerts
    ]
    patient.waiting_on = list(dict.fromkeys(label for g in gates for label in waiting_on_physio(g)))
    patient.unread = unread
    routine = SEVERITY_RANK["routine"]
    if patient.waiting_on:
        found.append((routine, KIND_RANK["waiting_on_check"], 0, "waiting_on_check"))
    if patient.unread:
        found.append((routine, KIND_RANK["note"], 0, "note"))
    found.sort(key=lambda r: r[:3])
    patient.flags = list(dict.fromkeys(k for *_, k in found if k in Alert.Kind.values))
    patient.needs = list(dict.fromkeys(kind for *_, kind in found))  # most urgent first
    patient.urgency = found[0][:3] if found else ON_TRACK


def rows(patients: list, *, unread: Mapping[int, int] | None = None) -> list[dict]:
    """Caseload rows for one page of ranked patients (five more queries). `unread`: per
    patient, the notes the caller has not read (conversations.services.unread_for_staff)."""
    ids = [p.pk for p in patients]
    earliest = dt.date.today() - dt.timedelta(days=DAYS + 1)  # widened below per time zone
    alerts = defaultdict(list)
    for patient_id, *alert in Alert.objects.filter(
        patient_id__in=ids, acknowledged_at__isnull=True
    ).values_list("patient_id", "kind", "severity", "created_at"):
        alerts[patient_id].append(alert)
    enrolments = defaultdict(list)
    for enrolment in (
        Enrolment.objects.filter(patient_id__in=ids, status="active")
        .select_related("protocol", "current_phase")
        # The version's pain zones, read from its document in the same query.
        .annotate(zones=KeyTransform("pain_zones", KeyTransform("rules", "version__definition")))
        .prefetch_related(
            Prefetch(
                "current_phase__prescriptions",
                Prescription.objects.only("phase_id", "sessions_per_week"),
            )
        )
        .order_by("id")
    ):
        enrolments[enrolment.patient_id].append(enrolment)
    unread = unread or {}
    for patient in patients:
        gates = [e.gate_snapshot for e in enrolments[patient.pk]]
        _reasons(patient, alerts[patient.pk], gates, unread.get(patient.pk, 0))
    worst = defaultdict(dict)  # patient -> date -> worst pain of the day
    for patient_id, day, rest, morning in CheckIn.objects.filter(
        patient_id__in=ids, date__gte=earliest
    ).values_list("patient_id", "date", "pain_rest", "pain_morning"):
        worst[patient_id][day] = max(rest, morning, worst[patient_id].get(day, 0))
    sessions = defaultdict(int)
    for patient_id, day, during in ExerciseSession.objects.filter(
        patient_id__in=ids, date__gte=earliest
    ).values_list("patient_id", "date", "pain_during"):
        worst[patient_id][day] = max(during, worst[patient_id].get(day, 0))
        sessions[(patient_id, day)] += 1
    return [_row(p, enrolments[p.pk], worst[p.pk], sessions) for p in patients]


def _row(patient, enrolments, worst_by_day, sessions) -> dict:
    today = patient.local_today()
    days = [today - dt.timedelta(days=DAYS - 1 - k) for k in range(DAYS)]
    # Judge adherence only over days of the programme, and not before a week of it.
    started = min((e.start_date for e in enrolments), default=today)
    judged = [d for d in days if d >= started]
    planned = (
        sum(
            max((rx.sessions_per_week for rx in e.current_phase.prescriptions.all()), default=0)
            for e in enrolments
        )
        * len(judged)
        / 7
    )
    if (today - started).days + 1 < ADHERENCE_MIN_DAYS:
        planned = 0
    done = sum(sessions.get((patient.pk, d), 0) for d in judged)
    green_max, amber_max = strictest_zones(
        (e.zones["green_max"], e.zones["amber_max"]) for e in enrolments
    )
    return {
        "patient": {"id": patient.pk, "name": patient.name},
        "treating_physio": patient.treating_physio_id,
        "enrolments": [
            {
                "id": e.pk,
                "protocol": e.protocol.slug,
                "phase": {
                    "key": e.current_phase.key,
                    "name": e.current_phase.name,
                    "index": e.current_phase.index,
                },
                "days_in_phase": (today - e.phase_started_on).days,
                "decision": (e.gate_snapshot or {}).get("decision"),
            }
            for e in enrolments
        ],
        "flags": patient.flags,
        # Every reason the patient needs the physio, most urgent first: the open alert
        # kinds, "waiting_on_check" (named in waiting_on) and "note" (unread notes).
        "needs": patient.needs,
        "waiting_on": patient.waiting_on,
        "unread": patient.unread,
        "pain_14d": [worst_by_day.get(d) for d in days],
        # Coloured by the strictest zones of the patient's programmes, as on their phone.
        "pain_zones": {"green_max": green_max, "amber_max": amber_max},
        "adherence_14d": round(min(done / planned, 1) * 100) if planned else None,
        "last_logged": max((d for d in worst_by_day if d <= today), default=None),
    }
