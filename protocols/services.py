"""Reading definition files and publishing protocol versions.

Everything is validated before anything is written, and all files of one load are
published in one transaction: a broken file leaves the database untouched.
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction
from django.db.models import Max

from protocols.models import Exercise, Phase, Prescription, Protocol, ProtocolVersion
from protocols.schema import Definition, DefinitionError, validate_definition
from protocols.translations import TRANSLATION_LANGUAGES

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"


@dataclass(frozen=True)
class LoadResult:
    slug: str
    number: int
    created: bool


def _read_yaml(text: str, *, source: str) -> dict:
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise DefinitionError(source, [(where, f"this is not valid YAML: {problem}")])
    if not isinstance(document, dict):
        raise DefinitionError(
            source, [("", "the file must hold one mapping (key: value) document")]
        )
    return document


def parse_definition(text: str, *, source: str) -> Definition:
    """YAML text -> a validated Definition, or DefinitionError naming the problem."""
    return validate_definition(_read_yaml(text, source=source), source=source)


def read_definitions(directory: Path = DEFINITIONS_DIR) -> list[Definition]:
    """Validate every file in the directory; raise the first file's problems.

    `<slug>.yaml` is a protocol; `<slug>.<language>.yaml` beside it is its words in that
    language, folded into the document as `translations` so they version with it.
    """
    files = sorted(p for p in directory.glob("*.yaml") if "." not in p.stem)
    if not files:
        raise DefinitionError(str(directory), [("", "no *.yaml definition files found")])
    definitions = []
    for path in files:
        document = _read_yaml(path.read_text(), source=path.name)
        for language in TRANSLATION_LANGUAGES:
            beside = path.with_name(f"{path.stem}.{language}.yaml")
            if beside.exists():
                translations = document.setdefault("translations", {})
                translations[language] = _read_yaml(beside.read_text(), source=beside.name)
        definition = validate_definition(document, source=path.name)
        if definition.slug != path.stem:
            raise DefinitionError(
                path.name, [("slug", f"slug '{definition.slug}' must match the file name")]
            )
        definitions.append(definition)
    return definitions


@transaction.atomic
def load_definitions(directory: Path = DEFINITIONS_DIR) -> list[LoadResult]:
    definitions = read_definitions(directory)
    return [publish(d, source=f"protocols/definitions/{d.slug}.yaml") for d in definitions]


def content_hash(definition: Definition) -> str:
    document = definition.model_dump(mode="json", by_alias=True)
    return hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()


@transaction.atomic
def publish(
    definition: Definition,
    *,
    source: str,
    clinic=None,
    based_on: ProtocolVersion | None = None,
    published_by=None,
) -> LoadResult:
    """Publish a new version unless the owner's latest version has the same content."""
    protocol, _ = Protocol.objects.select_for_update().get_or_create(
        slug=definition.slug,
        defaults={"name": definition.name, "condition": definition.condition},
    )
    digest = content_hash(definition)
    latest = protocol.versions.filter(clinic=clinic).order_by("-number").first()
    if latest is not None and latest.content_hash == digest:
        return LoadResult(definition.slug, latest.number, created=False)

    if clinic is None:
        Protocol.objects.filter(pk=protocol.pk).update(
            name=definition.name, condition=definition.condition
        )
    number = (protocol.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ProtocolVersion.objects.create(
        protocol=protocol,
        number=number,
        clinic=clinic,
        based_on=based_on,
        content_hash=digest,
        definition=definition.model_dump(mode="json", by_alias=True),
        source=source,
        published_by=published_by,
    )
    _write_rows(version, definition)
    return LoadResult(definition.slug, number, created=True)


def _write_rows(version: ProtocolVersion, definition: Definition) -> None:
    exercises = {
        e.key: Exercise.objects.create(
            version=version,
            key=e.key,
            name=e.name,
            description=e.description,
            cues=list(e.cues),
            hip_flexion=e.hip_flexion,
        )
        for e in definition.exercises
    }
    phases = {}
    for index, p in enumerate(definition.phases):
        phases[p.key] = Phase.objects.create(
            version=version,
            key=p.key,
            index=index,
            name=p.name,
            aim=p.aim,
            avoid=list(p.avoid),
            advice=list(p.advice),
            tracks=list(p.tracks) if p.tracks else None,
            typical_duration=p.typical_duration,
            run_plan=p.run_plan.model_dump() if p.run_plan else None,
            forbids_running=p.forbids_running,
            step_back_into=p.step_back_into,
        )
        Prescription.objects.bulk_create(
            Prescription(
                phase=phases[p.key],
                exercise=exercises[rx.exercise],
                order=order,
                **rx.model_dump(exclude={"exercise"}),
            )
            for order, rx in enumerate(p.prescriptions)
        )


def definition_as_yaml(version: ProtocolVersion) -> str:
    """The version's document as editable YAML (for a clinic's own copy)."""
    return yaml.safe_dump(version.definition, sort_keys=False, allow_unicode=True, width=100)


def publish_clinic_copy(*, based_on: ProtocolVersion, yaml_text: str, clinic, published_by):
    """A clinic's edited copy: same protocol, a new version visible only to that clinic."""
    definition = parse_definition(yaml_text, source=f"clinic copy of {based_on}")
    if definition.slug != based_on.protocol.slug:
        raise DefinitionError(
            "clinic copy", [("slug", f"a copy must keep the slug '{based_on.protocol.slug}'")]
        )
    return publish(
        definition,
        source=f"clinic copy of v{based_on.number}",
        clinic=clinic,
        based_on=based_on,
        published_by=published_by,
    )
