"""A patient's own data, all of it, in one zip (the GDPR right of access and portability):

- `records.json`: every record that belongs to the patient, table by table, found from
  the models themselves (anything holding a patient or one of their enrolments), so a
  new kind of record is included without anyone remembering to add it here;
- `fhir-bundle.json`: the FHIR R4 bundle other systems read;
- `progress-report.pdf`: the report their clinician sees.
"""

import io
import json
import zipfile

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from exports import fhir, pdf, report
from exports.models import ExportRecord
from patients.models import Invite, Patient, User
from privacy.models import AccessEvent
from rehab.models import Enrolment

# Not the patient's data, or a credential's seed: left out.
LEFT_OUT = {Invite, Patient, User}
README = (
    "Your rehab tracker data, as stored on {date}.\n\n"
    "records.json        every record about you, table by table (dates are your local dates)\n"
    "fhir-bundle.json    the same record as a FHIR R4 bundle, for other health systems\n"
    "progress-report.pdf the progress report your clinician sees\n\n"
    "records.json also lists who at your clinic opened or exported your record, and when.\n"
    "A log deleted after it was entered is kept on record, marked by its deleted_at date.\n"
)


def owned_records(patient: Patient) -> dict[str, list[dict]]:
    """Every row of every model that points at the patient or one of their enrolments."""
    records: dict[str, list[dict]] = {}
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label_lower):
        if model in LEFT_OUT or hasattr(model, "instance_type"):  # history copies left out
            continue
        rows = _rows_of(model, patient)
        if rows is not None:
            records[model._meta.label_lower] = list(rows.order_by("pk").values())
    return records


def _rows_of(model, patient: Patient):
    # The base manager: a deleted log is still kept about the person, so it is theirs to
    # see (marked by its deleted_at), where every other read leaves it out.
    rows = model._base_manager
    for field in model._meta.fields:
        if not isinstance(field, models.ForeignKey | models.OneToOneField):
            continue
        if field.related_model is Patient:
            return rows.filter(**{field.name: patient})
        if field.related_model is Enrolment and not _has_patient_field(model):
            return rows.filter(**{f"{field.name}__patient": patient})
    return None


def _has_patient_field(model) -> bool:
    return any(getattr(f, "related_model", None) is Patient for f in model._meta.fields)


def profile(patient: Patient) -> dict:
    return {
        "name": patient.name,
        "email": patient.email,
        "date_of_birth": patient.date_of_birth,
        "timezone": patient.timezone,
        "clinic": patient.clinic.name,
        "treating_physio": patient.treating_physio.name if patient.treating_physio else None,
        "joined": patient.created_at,
    }


def patient_data_zip(*, patient: Patient) -> bytes:
    """The zip's bytes (small: one patient's records and a report of a few pages)."""
    data = {"profile": profile(patient), "records": owned_records(patient)}
    # Who read or exported the record (the staff of their clinic, by email).
    for key, model in (("accesses", AccessEvent), ("exports", ExportRecord)):
        data[key] = list(
            model.objects.filter(patient=patient)
            .order_by("created_at")
            .values("created_at", "user_email", "kind")
        )
    data["records"].pop(AccessEvent._meta.label_lower, None)
    data["records"].pop(ExportRecord._meta.label_lower, None)
    bundle = fhir.patient_bundle(patient=patient).model_dump_json(indent=2)
    html = pdf.render_html("exports/patient_report.html", report.patient_report(patient=patient))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(date=timezone.now().date()))
        archive.writestr("records.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2))
        archive.writestr("fhir-bundle.json", bundle)
        archive.writestr("progress-report.pdf", pdf.html_to_pdf(html))
    return buffer.getvalue()
