"""The patient progress report: one context for the HTML page and the PDF.

Loads everything in a fixed number of queries (no query per enrolment or per row).
"""

import zoneinfo
from collections import defaultdict

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, gettext_noop

from exports import charts, codes
from exports.timeline import enrolment_stays
from patients.models import Patient
from plans import services as plan_services
from protocols import localise
from protocols.zones import strictest_zones, zone_ranges
from rehab import gate_words
from rehab.models import CheckIn, Enrolment, ExerciseSession, Measurement, PhaseTransition, Run

DISCLAIMER = gettext_noop(
    "This software supports clinicians; it does not diagnose. Phase decisions are proposed "
    "or explained against the protocol's criteria and stay with the treating clinician."
)


def pain_bands(zones) -> list[charts.Band]:
    """The version's green, amber and red zones, behind the pain chart."""
    return [
        charts.Band(0, zones[0], "#e3f2e1"),
        charts.Band(zones[0], zones[1], "#fff4dc"),
        charts.Band(zones[1], 10, "#fde8e8"),
    ]


def show(value) -> str:
    """A criterion's observed or target value in words."""
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return codes.number(round(value, 1))
    if isinstance(value, list | tuple):
        return ", ".join(show(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} {show(v)}" for k, v in value.items())
    return str(value)


def load_enrolments(patient: Patient) -> list[Enrolment]:
    moves = PhaseTransition.objects.select_related("from_phase", "to_phase", "actor", "decided_by")
    return list(
        Enrolment.objects.filter(patient=patient)
        .select_related("protocol", "version", "current_phase")
        .prefetch_related("version__phases", Prefetch("transitions", moves))
        .order_by("start_date", "id")
    )


def enrolment_view(enrolment: Enrolment, today) -> dict:
    # The protocol's words in the language being rendered (protocols/localise.py).
    phase_names = {
        p.key: localise.phase_name(p, enrolment.version) for p in enrolment.version.phases.all()
    }
    stays = enrolment_stays(enrolment)
    snapshot = enrolment.gate_snapshot or {}
    gate = None
    if snapshot and enrolment.status == Enrolment.Status.ACTIVE:
        target = snapshot.get("to_phase")
        gate = {
            "to_phase": phase_names.get(target, target) if target else None,
            "mode": snapshot.get("mode"),
            "decision": (snapshot.get("decision") or "").replace("_", " "),
            "summary": gate_words.summary(snapshot),
            "evaluated_on": snapshot.get("evaluated_on"),
            "criteria": [
                {
                    "label": localise.label(enrolment.version, gate_words.label(c))
                    or c.get("key", ""),
                    "met": bool(c.get("met")),
                    "observed": show(c.get("observed")),
                    "target": show(c.get("target")),
                    "explanation": gate_words.explanation(c),
                }
                for c in snapshot.get("criteria", [])
            ],
        }
    return {
        "id": enrolment.pk,
        "protocol": enrolment.protocol.name,
        "slug": enrolment.protocol.slug,
        "version": enrolment.version.number,
        "track": enrolment.track.replace("_", "-"),
        "side": enrolment.side,
        "status": enrolment.get_status_display(),
        "start_date": enrolment.start_date,
        "injury_date": enrolment.injury_date,
        "surgery_date": enrolment.surgery_date,
        "completed_on": enrolment.completed_on,
        "phase": phase_names.get(enrolment.current_phase.key, enrolment.current_phase.name),
        "phase_started_on": enrolment.phase_started_on,
        "days_in_phase": (today - enrolment.phase_started_on).days,
        "stays": [
            {
                "name": phase_names.get(s.key, s.name),
                "start": s.start,
                "end": s.end,
                "days": s.days(today),
            }
            for s in stays
        ],
        "timeline_svg": mark_safe(
            charts.timeline_bar(
                [(phase_names.get(s.key, s.name), s.days(today)) for s in stays],
                label=f"Phases of {enrolment.protocol.name}",
            )
        ),
        "gate": gate,
    }


def transition_rows(enrolments: list[Enrolment], tz) -> list[dict]:
    rows = []
    for enrolment in enrolments:
        for t in enrolment.transitions.all():
            who = t.decided_by or t.actor
            rows.append(
                {
                    "when": t.created_at,
                    "protocol": enrolment.protocol.name,
                    "from": localise.phase_name(t.from_phase, enrolment.version),
                    "to": localise.phase_name(t.to_phase, enrolment.version)
                    if t.to_phase_id
                    else "programme complete",
                    "decision": t.get_decision_display(),
                    "status": t.status,
                    "decided": t.decided_at.astimezone(tz).date() if t.decided_at else None,
                    "trigger": t.get_trigger_display(),
                    "by": who.name if who else "",
                    "note": t.note,
                }
            )
    return sorted(rows, key=lambda r: r["when"], reverse=True)


def plan_change_rows(enrolments: list[Enrolment]) -> list[dict]:
    """Every change to the patient's plans, newest first (one query)."""
    names = {e.pk: e.protocol.name for e in enrolments}
    return [
        {
            "created_at": v.created_at,
            "protocol": names[v.enrolment_id],
            "phase": v.phase.name,
            "number": v.number,
            "summary": v.summary,
            "reason": v.reason,
            "by": v.created_by.name if v.created_by else "",
        }
        for v in plan_services.history(list(names))
    ]


def pain_chart(checkins, sessions, zones) -> str:
    worst = defaultdict(lambda: [0, 0])  # date -> [during, after], the day's worst session
    for s in sessions:
        day = worst[s["date"]]
        day[0], day[1] = max(day[0], s["pain_during"]), max(day[1], s["pain_after"])
    series = [
        charts.Series("At rest", "#1f5f8b", [(c["date"], c["pain_rest"]) for c in checkins]),
        charts.Series(
            "Morning", "#7b3fa0", [(c["date"], c["pain_morning"]) for c in checkins], dash="5 3"
        ),
        charts.Series(
            "During exercise", "#c0392b", [(d, v[0]) for d, v in worst.items()], dash="1.5 2.5"
        ),
        charts.Series(
            "After exercise", "#d68910", [(d, v[1]) for d, v in worst.items()], dash="8 3 2 3"
        ),
    ]
    return charts.line_chart(
        series, y_max=10, y_step=2, label="Pain 0-10 over time", bands=pain_bands(zones)
    )


def outcome_chart(measurements) -> str:
    series = [
        charts.Series(
            codes.measure_name(key).split(" total")[0],
            colour,
            [(m.date, float(m.value)) for m in measurements if m.key == key],
            dash=dash,
        )
        for key, colour, dash in [("phat", "#1f7a4d", ""), ("visa_h", "#8e44ad", "5 3")]
    ]
    return charts.line_chart(series, y_max=100, y_step=20, label="PHAT and VISA-H over time")


def latest_values(checkins, sessions, runs, measurements) -> dict:
    def last(rows):
        return max(rows, key=lambda r: (r["date"], r["created_at"])) if rows else None

    scores = {}
    for key in codes.OUTCOMES:
        rows = [m for m in measurements if m.key == key]
        if rows:
            newest = max(rows, key=lambda m: (m.date, m.created_at))
            scores[key] = {"date": newest.date, "value": codes.number(newest.value)}
    return {
        "checkin": last(checkins),
        "session": last(sessions),
        "run": last(runs),
        "phat": scores.get("phat"),
        "visa_h": scores.get("visa_h"),
    }


def patient_report(*, patient: Patient) -> dict:
    """Everything the report template shows, for a patient already in the caller's scope."""
    now = timezone.now().astimezone(zoneinfo.ZoneInfo(patient.timezone))
    today = now.date()
    enrolments = load_enrolments(patient)
    checkins = list(
        CheckIn.objects.filter(patient=patient)
        .order_by("date")
        .values(
            "date", "pain_rest", "pain_morning", "sitting_minutes", "load_test_pain", "created_at"
        )
    )
    sessions = list(
        ExerciseSession.objects.filter(patient=patient)
        .order_by("date", "created_at")
        .values("date", "pain_during", "pain_after", "rpe", "created_at")
    )
    runs = list(
        Run.objects.filter(patient=patient)
        .order_by("date", "created_at")
        .values(
            "date",
            "level",
            "run_min",
            "walk_min",
            "pain_during",
            "pain_after",
            "limp",
            "created_at",
        )
    )
    measurements = list(
        Measurement.objects.filter(patient=patient)
        .select_related("recorded_by")
        .order_by("-date", "-created_at")
    )
    # The zones of the programmes running now (after discharge, of every one).
    active = [e for e in enrolments if e.status == Enrolment.Status.ACTIVE] or enrolments
    zones = strictest_zones(e.version.zones for e in active)
    with translation.override(patient.user.preferred_language):
        views = [enrolment_view(e, today) for e in enrolments]
        transitions = transition_rows(enrolments, now.tzinfo)
    return {
        # The patient's language: the report is theirs, whoever downloads it.
        "language": patient.user.preferred_language,
        "patient": patient,
        "clinic": patient.clinic.name,
        "generated_at": now,
        "today": today,
        "enrolments": views,
        "latest": latest_values(checkins, sessions, runs, measurements),
        "pain_chart": mark_safe(pain_chart(checkins, sessions, zones)),
        "pain_zones": zone_ranges(zones),
        "outcome_chart": mark_safe(outcome_chart(measurements)),
        "transitions": transitions,
        "plan_changes": plan_change_rows(enrolments),
        "measurements": [
            {
                "date": m.date,
                "name": codes.measure_name(m.key),
                "value": codes.measure_value(m.key, m.value, m.side),
                "side": m.side,
                "method": m.method,
                "by": m.recorded_by.name if m.recorded_by else "-",
            }
            for m in measurements
        ],
        "disclaimer": gettext_lazy(DISCLAIMER),  # put into words as the report renders
    }
