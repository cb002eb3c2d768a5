"""What each kind of export job writes. Each builder takes the job and a progress
reporter and returns (path under EXPORT_ROOT, rows written)."""

import io
import zipfile

from django.utils import timezone

from exports import csv_export, outcomes, pdf
from exports.files import Progress, new_file
from exports.models import ExportJob
from exports.report import DISCLAIMER
from patients import access
from rehab.models import Enrolment


def clinic_logs(model, job: ExportJob):
    """The job's clinic's records of one log kind in its date range, as its creator sees them."""
    records = access.scope_to_patient(model.objects.all(), job.created_by)
    return records.filter(
        patient__clinic_id=job.clinic_id, date__range=(job.date_from, job.date_to)
    )


def logs_csv(job: ExportJob, progress: Progress) -> tuple[str, int]:
    querysets = {kind.name: clinic_logs(kind.model, job) for kind in csv_export.KINDS}
    progress.total = max(sum(q.count() for q in querysets.values()), 1)
    progress.set(0)
    with new_file(job, "zip") as (relative, partial):
        rows = csv_export.write_logs_zip(partial, querysets, on_row=progress.step)
    return relative, rows


def outcome_report(job: ExportJob, progress: Progress) -> tuple[str, int]:
    enrolments = access.scope_to_patient(Enrolment.objects.all(), job.created_by).filter(
        patient__clinic_id=job.clinic_id
    )
    progress.set(5)
    report = outcomes.outcome_report(
        enrolments=enrolments, start=job.date_from, end=job.date_to, today=timezone.localdate()
    )
    progress.set(50)
    with (
        new_file(job, "zip") as (relative, partial),
        zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        summary, phases = io.StringIO(), io.StringIO()
        outcomes.write_csvs(report, summary, phases)
        archive.writestr("outcome_summary.csv", summary.getvalue())
        archive.writestr("phase_days.csv", phases.getvalue())
        progress.set(60)
        context = {
            "clinic": job.clinic.name,
            "start": job.date_from,
            "end": job.date_to,
            "generated_at": timezone.now(),
            "report": report,
            "disclaimer": DISCLAIMER,
        }
        archive.writestr(
            "outcome_report.pdf", pdf.render_pdf("exports/outcome_report.html", context)
        )
    return relative, len(report)


BUILDERS = {ExportJob.Kind.LOGS_CSV: logs_csv, ExportJob.Kind.OUTCOME_REPORT: outcome_report}
