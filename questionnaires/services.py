"""Questionnaires: loading the versioned definitions, when each is due, and recording a
patient's answers (scored, and stored as the measurement the gates and charts read)."""

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q

from config.errors import Invalid
from questionnaires import scoring
from questionnaires.models import QuestionnaireResponse, QuestionnaireVersion
from questionnaires.schema import KEYS, Definition, DefinitionError, validate_definition
from rehab import logs
from rehab.models import Enrolment, Measurement

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"


@lru_cache(maxsize=1)
def shipped_definitions() -> tuple[Definition, ...]:
    """Every definition file shipped with the app, checked (a bad file fails loudly)."""
    found = []
    for path in sorted(p for p in DEFINITIONS_DIR.glob("*.yaml") if "." not in p.stem):
        document = yaml.safe_load(path.read_text())
        # `<key>.<language>.yaml` beside it: its words in that language.
        for beside in sorted(DEFINITIONS_DIR.glob(f"{path.stem}.*.yaml")):
            language = beside.stem.split(".", 1)[1]
            document.setdefault("translations", {})[language] = yaml.safe_load(beside.read_text())
        found.append(validate_definition(document, source=path.name))
    return tuple(found)


def translation_of(version: QuestionnaireVersion, definition: Definition, language: str):
    """The version's words in `language`, or None. A shipped version stored before its
    translation was written reads it from the shipped file of the same key and version."""
    if language in definition.translations:
        return definition.translations[language]
    if version.clinic_id is None:
        for shipped in shipped_definitions():
            if (shipped.key, shipped.version) == (definition.key, definition.version):
                return shipped.translations.get(language)
    return None


def definition_of(version: QuestionnaireVersion) -> Definition:
    return validate_definition(version.definition, source=str(version))


def ensure_shipped() -> None:
    """Store any shipped definition not stored yet (one query when all are there)."""
    stored = set(
        QuestionnaireVersion.objects.filter(clinic__isnull=True).values_list("key", "number")
    )
    for definition in shipped_definitions():
        if (definition.key, definition.version) not in stored:
            QuestionnaireVersion.objects.get_or_create(
                key=definition.key,
                number=definition.version,
                clinic=None,
                defaults={
                    "name": definition.name,
                    "source": definition.source,
                    "definition": definition.model_dump(mode="json"),
                },
            )


def _scoring_shape(definition: Definition) -> list:
    """What must not change in a clinic's copy: keys, kinds, ranges, options and points."""
    return [
        (
            i.key,
            i.kind,
            i.min,
            i.max,
            i.shown_if and (i.shown_if.item, str(i.shown_if.equals)),
            [(str(o.value), o.points) for o in i.options],
        )
        for i in definition.items
    ] + [definition.scoring.method]


@transaction.atomic
def load_clinic_copy(*, clinic, document: dict, source: str) -> QuestionnaireVersion:
    """A clinic's copy of a shipped version, e.g. with the licensed official wording. The
    wording may change; the items, options and points must match the shipped version."""
    definition = validate_definition(document, source=source)
    ensure_shipped()
    shipped = next(
        (
            d
            for d in shipped_definitions()
            if (d.key, d.version) == (definition.key, definition.version)
        ),
        None,
    )
    if shipped is None:
        raise DefinitionError(source, [f"no shipped {definition.key} v{definition.version}"])
    if _scoring_shape(shipped) != _scoring_shape(definition):
        raise DefinitionError(
            source, ["a clinic copy may change wording only: items, options and points differ"]
        )
    version, _ = QuestionnaireVersion.objects.update_or_create(
        key=definition.key,
        number=definition.version,
        clinic=clinic,
        defaults={
            "name": definition.name,
            "source": definition.source,
            "definition": definition.model_dump(mode="json"),
        },
    )
    return version


def current_versions(clinic_id: int | None) -> dict[str, QuestionnaireVersion]:
    """Per questionnaire, the clinic's own latest copy if it has one, else the shipped one."""
    rows = list(
        QuestionnaireVersion.objects.filter(
            Q(clinic__isnull=True) | Q(clinic_id=clinic_id)
        ).order_by("number", F("clinic_id").asc(nulls_first=True))
    )
    shipped = {(v.key, v.number) for v in rows if v.clinic_id is None}
    if any((d.key, d.version) not in shipped for d in shipped_definitions()):
        ensure_shipped()
        return current_versions(clinic_id)
    # Later numbers, then the clinic's copy of a number, win.
    return {version.key: version for version in rows}


def due_on(
    *, definition: Definition, enrolments: list[Enrolment], last_done: dt.date | None
) -> dt.date | None:
    """When the protocol schedule next asks for this questionnaire (clinic defaults in the
    definition): at enrolment, every N days after the last score, and at a phase change
    after the last score. None when no active programme asks for it."""
    schedule = definition.schedule
    mine = [e for e in enrolments if e.protocol.slug in schedule.protocols]
    if not mine:
        return None
    start = min(e.start_date for e in mine)
    if last_done is None or last_done < start:
        return start if schedule.at_enrolment else start + dt.timedelta(days=schedule.every_days)
    candidates = []
    if schedule.every_days:
        candidates.append(last_done + dt.timedelta(days=schedule.every_days))
    if schedule.at_phase_change:
        candidates += [
            e.phase_started_on
            for e in mine
            if e.phase_started_on > last_done and e.phase_started_on != e.start_date
        ]
    return min(candidates) if candidates else None


def questionnaires_for(patient) -> list[tuple[QuestionnaireVersion, Definition, dt.date | None]]:
    """Every questionnaire the patient may answer, with when it is next due."""
    enrolments = list(
        Enrolment.objects.filter(patient=patient, status=Enrolment.Status.ACTIVE).select_related(
            "protocol"
        )
    )
    # A paper score the physio recorded counts as done, as does an answered questionnaire.
    last = dict(
        Measurement.objects.filter(patient=patient, key__in=KEYS)
        .values("key")
        .annotate(last=Max("date"))
        .values_list("key", "last")
    )
    rows = []
    for key, version in sorted(current_versions(patient.clinic_id).items()):
        definition = definition_of(version)
        when = due_on(definition=definition, enrolments=enrolments, last_done=last.get(key))
        rows.append((version, definition, when))
    return rows


@dataclass(frozen=True)
class Recorded:
    response: QuestionnaireResponse
    created: bool


@transaction.atomic
def record_response(
    *, patient, user, id, questionnaire: str, date: dt.date, answers: dict
) -> Recorded:
    """Score and store the answers, idempotently on the client's id, and write the
    measurement (same id, recorded by the patient) in the same transaction.

    Raises Invalid (`answers`: a message per item) or logs.WriteConflict."""
    version = current_versions(patient.clinic_id)[questionnaire]
    definition = definition_of(version)
    try:
        cleaned = scoring.clean(definition, answers)
        total = scoring.score(definition, cleaned)
    except scoring.InvalidAnswers as invalid:
        raise Invalid({"answers": {k: [v] for k, v in invalid.problems.items()}})
    try:
        with transaction.atomic():
            # The measurement shares the response's id: a replay finds both.
            measurement = logs.create_log(
                model=Measurement,
                patient=patient,
                user=user,
                data={
                    "id": id,
                    "date": date,
                    "key": definition.measurement,
                    "value": total,
                    "recorded_by": user,
                },
            ).record
            response = QuestionnaireResponse(
                id=id,
                patient=patient,
                version=version,
                questionnaire=questionnaire,
                date=date,
                answers=cleaned,
                score=total,
                measurement=measurement,
            )
            response.save(force_insert=True)
    except (IntegrityError, logs.LogDeleted):  # the response stands if its score was deleted
        existing = QuestionnaireResponse.objects.filter(pk=id).first()
        same = existing is not None and (
            (existing.patient_id, existing.questionnaire, existing.date, existing.answers)
            == (patient.pk, questionnaire, date, cleaned)
        )
        if same:
            return Recorded(existing, created=False)
        raise logs.WriteConflict(
            "This id was already used for a different record. Send a new id for a new record."
        )
    return Recorded(response, created=True)
