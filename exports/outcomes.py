"""The clinic's outcome report, per protocol, for enrolments that overlap a date range.

- patients: distinct patients with such an enrolment;
- median days per phase: over the finished stays in each phase (the current phase of an
  ongoing enrolment is not counted), with how many stays each median rests on;
- PHAT and VISA-H first vs last: per patient, the first and the last score recorded in the
  range on or after the enrolment's start, for patients with at least two; the medians;
- reached return to run: the share of patients who were put on the return-to-run plan
  (for the return-to-run plan itself: the share who completed it).
"""

import csv
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from exports.timeline import enrolment_stays, median_or_none
from rehab.models import Enrolment, Measurement, PhaseTransition

RETURN_TO_RUN = "return-to-run"
SCORES = ("phat", "visa_h")


@dataclass
class ScoreChange:
    patients: int = 0  # with two or more scores
    first_median: float | None = None
    last_median: float | None = None
    change_median: float | None = None


@dataclass
class PhaseDays:
    key: str
    name: str
    median_days: float | None
    stays: int


@dataclass
class ProtocolOutcome:
    slug: str
    name: str
    patients: int = 0
    phases: list[PhaseDays] = field(default_factory=list)
    scores: dict[str, ScoreChange] = field(default_factory=dict)
    reached_return_to_run: int = 0

    @property
    def score_list(self) -> list[ScoreChange]:
        return [self.scores[key] for key in SCORES]

    @property
    def reached_pct(self) -> float | None:
        return round(100 * self.reached_return_to_run / self.patients, 1) if self.patients else None


def cohort(enrolments, start: dt.date, end: dt.date):
    """Enrolments that were running at some point in [start, end]."""
    return enrolments.filter(start_date__lte=end).filter(
        Q(completed_on__isnull=True) | Q(completed_on__gte=start)
    )


def load(enrolments, start: dt.date, end: dt.date) -> list[Enrolment]:
    moves = PhaseTransition.objects.filter(status__in=["applied", "approved"]).select_related(
        "from_phase", "to_phase"
    )
    return list(
        cohort(enrolments, start, end)
        .select_related("protocol", "current_phase", "patient")
        .prefetch_related("version__phases", Prefetch("transitions", moves))
        .order_by("protocol__slug", "id")
    )


def score_changes(enrolments: list[Enrolment], start, end) -> dict[str, ScoreChange]:
    since = {}
    for e in enrolments:
        since[e.patient_id] = min(since.get(e.patient_id, e.start_date), e.start_date)
    values = defaultdict(list)  # (patient, key) -> [value, ...] by date
    rows = (
        Measurement.objects.filter(patient_id__in=since, key__in=SCORES, date__range=(start, end))
        .order_by("date", "created_at")
        .values_list("patient_id", "key", "date", "value")
    )
    for patient_id, key, day, value in rows:
        if day >= since[patient_id]:
            values[(patient_id, key)].append(float(value))
    out = {}
    for key in SCORES:
        pairs = [(v[0], v[-1]) for (_, k), v in values.items() if k == key and len(v) >= 2]
        out[key] = ScoreChange(
            patients=len(pairs),
            first_median=median_or_none(a for a, _ in pairs),
            last_median=median_or_none(b for _, b in pairs),
            change_median=median_or_none(b - a for a, b in pairs),
        )
    return out


def phase_days(enrolments: list[Enrolment], today: dt.date) -> list[PhaseDays]:
    order, names, days = {}, {}, defaultdict(list)
    for e in enrolments:
        for phase in e.version.phases.all():
            order.setdefault(phase.key, phase.index)
            names.setdefault(phase.key, phase.name)
        for stay in enrolment_stays(e):
            if stay.end is not None:
                days[stay.key].append(stay.days(today))
    return [
        PhaseDays(key, names[key], median_or_none(days[key]), len(days[key]))
        for key in sorted(order, key=order.get)
    ]


def outcome_report(*, enrolments, start: dt.date, end: dt.date, today: dt.date) -> list:
    """`enrolments` is a queryset already limited to the caller's clinic."""
    loaded = load(enrolments, start, end)
    on_plan = {
        e.patient_id: e.status
        for e in enrolments.filter(protocol__slug=RETURN_TO_RUN, start_date__lte=end)
        .order_by("start_date")
        .only("patient_id", "status")
    }
    by_protocol = defaultdict(list)
    for e in loaded:
        by_protocol[e.protocol.slug].append(e)
    report = []
    for slug, group in sorted(by_protocol.items()):
        patients = {e.patient_id for e in group}
        if slug == RETURN_TO_RUN:
            reached = {e.patient_id for e in group if e.status == Enrolment.Status.COMPLETED}
        else:
            reached = patients & set(on_plan)
        report.append(
            ProtocolOutcome(
                slug=slug,
                name=group[0].protocol.name,
                patients=len(patients),
                phases=phase_days(group, today),
                scores=score_changes(group, start, end),
                reached_return_to_run=len(reached),
            )
        )
    return report


SUMMARY_HEADERS = [
    "protocol",
    "protocol_name",
    "patients",
    "phat_patients",
    "phat_first_median",
    "phat_last_median",
    "phat_change_median",
    "visa_h_patients",
    "visa_h_first_median",
    "visa_h_last_median",
    "visa_h_change_median",
    "reached_return_to_run",
    "reached_return_to_run_pct",
]
PHASE_HEADERS = ["protocol", "phase", "phase_name", "median_days", "finished_stays"]


def blank(value) -> str:
    return "" if value is None else str(value)


def write_csvs(report: list[ProtocolOutcome], summary, phases) -> None:
    """The summary (one row per protocol) and the phase durations, to two text streams."""
    out = csv.writer(summary)
    out.writerow(SUMMARY_HEADERS)
    for p in report:
        row = [p.slug, p.name, p.patients]
        for key in SCORES:
            s = p.scores[key]
            row += [s.patients, blank(s.first_median), blank(s.last_median), blank(s.change_median)]
        out.writerow(row + [p.reached_return_to_run, blank(p.reached_pct)])
    out = csv.writer(phases)
    out.writerow(PHASE_HEADERS)
    for p in report:
        for phase in p.phases:
            out.writerow([p.slug, phase.key, phase.name, blank(phase.median_days), phase.stays])
