"""A patient's record as a FHIR R4 Bundle (type collection).

Every resource is built as plain data and validated with `fhir.resources.R4B` (whose
models match R4 for the resources used). Ids are stable, derived from our primary keys
and the logs' UUIDs, so exporting twice gives the same ids. References are relative
(`Patient/patient-12`) and resolve inside the bundle, whose entries' `fullUrl`s share
one base under PUBLIC_BASE_URL.
"""

from django.conf import settings
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.patient import Patient as FhirPatient
from fhir.resources.R4B.procedure import Procedure

from exports import codes
from exports.fhir_observations import measurement_observations, pain_observations
from patients.models import Patient
from rehab.models import Enrolment, Treatment

RETURN_TO_RUN = "return-to-run"
CONDITION_STATUS = {"active": "active", "completed": "resolved", "withdrawn": "inactive"}
CAREPLAN_STATUS = {"active": "active", "completed": "completed", "withdrawn": "revoked"}
ACTIVITY_STATUS = {"active": "in-progress", "completed": "completed", "withdrawn": "stopped"}
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"


def base_url() -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/fhir"


def ref(resource_type: str, resource_id: str) -> dict:
    return {"reference": f"{resource_type}/{resource_id}"}


def patient_id(patient: Patient) -> str:
    return f"patient-{patient.pk}"


def organization(clinic) -> Organization:
    return Organization.model_validate(
        {
            "resourceType": "Organization",
            "id": f"clinic-{clinic.pk}",
            "active": True,
            "name": clinic.name,
        }
    )


def patient_resource(patient: Patient) -> FhirPatient:
    data = {
        "resourceType": "Patient",
        "id": patient_id(patient),
        "identifier": [{"system": f"{base_url()}/identifier/patient", "value": str(patient.pk)}],
        "active": patient.user.is_active,
        "name": [{"use": "usual", "text": patient.name}],
        "telecom": [{"system": "email", "value": patient.email, "use": "home"}],
        "birthDate": patient.date_of_birth.isoformat(),
        "managingOrganization": {
            **ref("Organization", f"clinic-{patient.clinic_id}"),
            "display": patient.clinic.name,
        },
    }
    if patient.treating_physio:
        data["generalPractitioner"] = [{"display": patient.treating_physio.name}]
    return FhirPatient.model_validate(data)


def condition(enrolment: Enrolment, subject: dict) -> Condition | None:
    coded = codes.CONDITION_CODES.get((enrolment.protocol.slug, enrolment.side))
    if coded is None:
        return None
    code, display = coded
    data = {
        "resourceType": "Condition",
        "id": f"condition-{enrolment.pk}",
        "clinicalStatus": {
            "coding": [{"system": CLINICAL, "code": CONDITION_STATUS[enrolment.status]}]
        },
        "category": [{"coding": [{"system": CATEGORY, "code": "problem-list-item"}]}],
        "code": {
            "coding": [{"system": codes.ICD10CM, "code": code, "display": display}],
            "text": f"{enrolment.protocol.condition}, {enrolment.side} side",
        },
        "bodySite": [{"text": f"{enrolment.side.capitalize()} proximal hamstring"}],
        "subject": subject,
        "recordedDate": enrolment.created_at.date().isoformat(),
    }
    if enrolment.injury_date:
        data["onsetDateTime"] = enrolment.injury_date.isoformat()
    if enrolment.status == Enrolment.Status.COMPLETED and enrolment.completed_on:
        data["abatementDateTime"] = enrolment.completed_on.isoformat()
    notes = []
    if enrolment.surgery_date:
        notes.append(f"Surgery on {enrolment.surgery_date.isoformat()}.")
    if enrolment.tendons:
        notes.append(f"Tendons involved: {enrolment.tendons}.")
    if enrolment.retraction_cm is not None:
        notes.append(f"Retraction {codes.number(enrolment.retraction_cm)} cm.")
    if enrolment.status == Enrolment.Status.WITHDRAWN:
        notes.append("The rehabilitation programme was withdrawn.")
    if notes:
        data["note"] = [{"text": " ".join(notes)}]
    return Condition.model_validate(data)


def care_plan(enrolment: Enrolment, subject: dict, addresses: list[dict]) -> CarePlan:
    phase = enrolment.current_phase
    period = {"start": enrolment.start_date.isoformat()}
    if enrolment.completed_on:
        period["end"] = enrolment.completed_on.isoformat()
    detail = {
        "code": {"text": phase.name},
        "status": ACTIVITY_STATUS[enrolment.status],
        "description": phase.aim,
        "scheduledPeriod": {"start": enrolment.phase_started_on.isoformat()},
    }
    data = {
        "resourceType": "CarePlan",
        "id": f"careplan-{enrolment.pk}",
        "identifier": [
            {"system": f"{base_url()}/identifier/enrolment", "value": str(enrolment.pk)}
        ],
        "status": CAREPLAN_STATUS[enrolment.status],
        "intent": "plan",
        "title": f"{enrolment.protocol.name} (version {enrolment.version.number})",
        "description": f"{enrolment.protocol.condition}; {enrolment.side} side, "
        f"{enrolment.track.replace('_', '-')} track.",
        "subject": subject,
        "period": period,
        "created": enrolment.created_at.isoformat(),
        "activity": [{"detail": detail}],
    }
    if addresses:
        data["addresses"] = addresses
    return CarePlan.model_validate(data)


def procedures(patient: Patient, subject: dict) -> list[Procedure]:
    """Treatments the physio recorded (injections, shockwave, surgery), as text-coded
    Procedures: the kind is our own vocabulary, not a terminology code."""
    rows = Treatment.objects.filter(patient=patient).order_by("date", "created_at")
    result = []
    for treatment in rows:
        data = {
            "resourceType": "Procedure",
            "id": f"procedure-{treatment.pk}",
            "status": "completed",
            "code": {"text": treatment.get_kind_display()},
            "subject": subject,
            "performedDateTime": treatment.date.isoformat(),
        }
        if treatment.side:
            data["bodySite"] = [{"text": f"{treatment.side.capitalize()} proximal hamstring"}]
        if treatment.note:
            data["note"] = [{"text": treatment.note}]
        result.append(Procedure.model_validate(data))
    return result


def patient_bundle(*, patient: Patient) -> Bundle:
    """The bundle for a patient already in the caller's scope."""
    subject = ref("Patient", patient_id(patient))
    enrolments = list(
        Enrolment.objects.filter(patient=patient)
        .select_related("protocol", "version", "current_phase")
        .order_by("start_date", "id")
    )
    resources = [patient_resource(patient), organization(patient.clinic)]
    conditions = [c for c in (condition(e, subject) for e in enrolments) if c is not None]
    resources += conditions
    condition_of = {int(c.id.removeprefix("condition-")): c.id for c in conditions}
    for e in enrolments:
        if e.pk in condition_of:
            addresses = [ref("Condition", condition_of[e.pk])]
        else:  # return-to-run serves the conditions of the programmes it is linked from
            addresses = [ref("Condition", c.id) for c in conditions]
        resources.append(care_plan(e, subject, addresses))
    plan_of = {e.pk: f"careplan-{e.pk}" for e in enrolments}
    resources += pain_observations(patient, subject, plan_of)
    resources += measurement_observations(patient, subject)
    resources += procedures(patient, subject)
    base = base_url()
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "id": f"patient-{patient.pk}-record",
            "type": "collection",
            "timestamp": timezone.now().isoformat(),
            "entry": [
                {"fullUrl": f"{base}/{r.get_resource_type()}/{r.id}", "resource": r}
                for r in resources
            ],
        }
    )
