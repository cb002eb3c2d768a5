"""FHIR Observations: NRS pain (LOINC 72514-3) from check-ins, sessions and runs, and one
per measurement (outcome scores and clinician tests carry a text code only)."""

from fhir.resources.R4B.observation import Observation

from exports import codes
from patients.models import Patient
from rehab.models import CheckIn, ExerciseSession, Measurement, Run

CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
# (record kind, field) -> the short word in the Observation's id (ids allow no "_")
ID_WORDS = {
    ("checkin", "pain_rest"): "rest",
    ("checkin", "pain_morning"): "morning",
    ("checkin", "load_test_pain"): "loadtest",
    ("session", "pain_during"): "during",
    ("session", "pain_after"): "after",
    ("run", "pain_during"): "run-during",
    ("run", "pain_after"): "run-after",
}
METHODS = {"isometric": "Isometric", "10rm": "10-repetition maximum"}


def category(code: str, display: str) -> list[dict]:
    return [{"coding": [{"system": CATEGORY, "code": code, "display": display}]}]


def pain(kind: str, field: str, record: dict, subject: dict, plan: str | None) -> Observation:
    data = {
        "resourceType": "Observation",
        "id": f"pain-{ID_WORDS[(kind, field)]}-{record['id']}",
        "status": "final",
        "category": category("survey", "Survey"),
        "code": {
            "coding": [
                {
                    "system": codes.LOINC,
                    "code": codes.NRS_PAIN_CODE,
                    "display": codes.NRS_PAIN_DISPLAY,
                }
            ],
            "text": f"{codes.PAIN_FIELDS[(kind, field)]} (0-10)",
        },
        "subject": subject,
        "effectiveDateTime": record["date"].isoformat(),
        "issued": record["created_at"].isoformat(),
        "performer": [subject],
        "valueInteger": record[field],
    }
    if plan:
        data["basedOn"] = [{"reference": f"CarePlan/{plan}"}]
    return Observation.model_validate(data)


def pain_observations(patient: Patient, subject: dict, plan_of: dict[int, str]) -> list:
    """One Observation per pain value logged (empty values are left out)."""
    sources = [
        ("checkin", CheckIn, ("pain_rest", "pain_morning", "load_test_pain")),
        ("session", ExerciseSession, ("pain_during", "pain_after")),
        ("run", Run, ("pain_during", "pain_after")),
    ]
    out = []
    for kind, model, fields in sources:
        columns = ["id", "date", "created_at", *fields]
        if kind != "checkin":
            columns.append("enrolment_id")
        rows = model.objects.filter(patient=patient).order_by("date", "created_at", "id")
        for record in rows.values(*columns):
            plan = plan_of.get(record.get("enrolment_id"))
            out += [
                pain(kind, field, record, subject, plan)
                for field in fields
                if record[field] is not None
            ]
    return out


def measurement_value(m: Measurement) -> dict:
    if codes.is_check(m.key):
        return {"valueBoolean": bool(m.value)}
    if codes.is_provocation(m.key):
        positive = bool(m.value)
        return {
            "valueCodeableConcept": {"text": "positive" if positive else "negative"},
            "interpretation": [
                {
                    "coding": [
                        {
                            "system": INTERPRETATION,
                            "code": "POS" if positive else "NEG",
                            "display": "Positive" if positive else "Negative",
                        }
                    ]
                }
            ],
        }
    quantity = {"value": m.value}
    _, ucum, words = codes.MEASURES.get(m.key, ("", "", ""))
    if ucum and not codes.raw_strength(m.key, m.side):
        quantity.update(unit=words if words != "/100" else "score", system=codes.UCUM, code=ucum)
    return {"valueQuantity": quantity}


def measurement(m: Measurement, subject: dict, patient: Patient) -> Observation:
    outcome = m.key in codes.OUTCOMES
    data = {
        "resourceType": "Observation",
        "id": f"measurement-{m.pk}",
        "status": "final",
        "category": category("survey", "Survey") if outcome else category("exam", "Exam"),
        "code": {"text": codes.measure_name(m.key)},
        "subject": subject,
        "effectiveDateTime": m.date.isoformat(),
        "issued": m.created_at.isoformat(),
        **measurement_value(m),
    }
    if m.recorded_by_id and m.recorded_by_id == patient.user_id:
        data["performer"] = [subject]
    elif m.recorded_by_id:
        data["performer"] = [{"display": m.recorded_by.name}]
    if m.side:
        data["bodySite"] = {"text": f"{m.side.capitalize()} side"}
    if m.method:
        data["method"] = {"text": METHODS.get(m.method, m.method)}
    return Observation.model_validate(data)


def measurement_observations(patient: Patient, subject: dict) -> list:
    rows = (
        Measurement.objects.filter(patient=patient)
        .select_related("recorded_by")
        .order_by("date", "created_at", "id")
    )
    return [measurement(m, subject, patient) for m in rows]
