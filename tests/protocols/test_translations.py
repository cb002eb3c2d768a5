"""A protocol's words in another language: loaded beside the definition, versioned with
it, checked against its keys, and shown in the request's language with English for
anything left out."""

import pytest
import yaml
from django.core.management import call_command

from protocols.models import ProtocolVersion
from protocols.schema import DefinitionError
from protocols.services import definition_as_yaml, publish_clinic_copy, read_definitions
from tests.protocols.builders import minimal, write

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_protocols")]

DUTCH = {
    "note": "Translation by the project.",
    "disclaimer": "Ondersteunt je behandelaar; stelt geen diagnose.",
    "phases": {"one": {"name": "Fase een", "aim": "Pijn laten zakken."}},
    "exercises": {"bridge_hold": {"name": "Bridge vasthouden"}},
}


def write_dutch(directory, translation: dict) -> None:
    (directory / "mini.nl.yaml").write_text(yaml.safe_dump(translation, allow_unicode=True))


def test_the_translation_beside_a_definition_is_read_into_it(tmp_path):
    write(tmp_path, minimal())
    write_dutch(tmp_path, DUTCH)
    (definition,) = read_definitions(tmp_path)  # mini.nl.yaml is not a protocol of its own
    assert definition.translations["nl"].phases["one"].name == "Fase een"


@pytest.mark.parametrize(
    "translation, where",
    [
        ({"phases": {"three": {"name": "Fase drie"}}}, "translations.nl.phases.three"),
        ({"exercises": {"nordic": {"name": "Nordic"}}}, "translations.nl.exercises.nordic"),
        ({"phases": {"one": {"avoid": ["rekken"]}}}, "translations.nl.phases.one.avoid"),
        (
            {"phases": {"two": {"prescriptions": {"bridge_hold": {"notes": "Dagelijks."}}}}},
            "translations.nl.phases.two.prescriptions.bridge_hold",
        ),
        ({"phases": {"one": {"colour": "rood"}}}, "translations.nl.phases.one.colour"),
        ({"labels": {"at least 14 days in this phase": "x"}}, "translations.nl.labels"),
    ],
)
def test_a_translation_naming_what_the_protocol_does_not_have_is_refused(
    tmp_path, translation, where
):
    write(tmp_path, minimal())
    write_dutch(tmp_path, translation)
    with pytest.raises(DefinitionError) as error:
        read_definitions(tmp_path)
    assert where in [path for path, _ in error.value.problems]


def test_a_translation_is_part_of_the_version(tmp_path):
    write(tmp_path, minimal())
    call_command("load_protocols", dir=tmp_path)
    write_dutch(tmp_path, DUTCH)
    call_command("load_protocols", dir=tmp_path)
    first, second = ProtocolVersion.objects.order_by("number")
    assert "nl" not in first.parsed.translations  # a published version never changes
    assert second.parsed.translations["nl"].exercises["bridge_hold"].name == "Bridge vasthouden"


def test_dutch_comes_in_a_dutch_request_and_english_fills_what_is_missing(cast, api, tmp_path):
    write(tmp_path, minimal())
    write_dutch(tmp_path, DUTCH)
    call_command("load_protocols", dir=tmp_path)
    client = api(cast.patient.user)

    dutch = client.get("/api/v1/protocols/mini/", HTTP_ACCEPT_LANGUAGE="nl").json()
    assert [p["name"] for p in dutch["phases"]] == ["Fase een", "Phase two"]
    assert [p["aim"] for p in dutch["phases"]] == ["Pijn laten zakken.", "Build strength."]
    exercise = dutch["phases"][0]["prescriptions"][0]["exercise"]
    assert (exercise["name"], exercise["description"]) == ("Bridge vasthouden", "Hold a bridge.")
    assert dutch["disclaimer"] == DUTCH["disclaimer"]

    english = client.get("/api/v1/protocols/mini/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert [p["name"] for p in english["phases"]] == ["Phase one", "Phase two"]
    assert english["phases"][0]["prescriptions"][0]["exercise"]["name"] == "Bridge hold"
    assert english["disclaimer"] == minimal()["disclaimer"]


def test_a_clinic_copy_carries_the_translation_and_may_change_it(cast, api, tmp_path):
    write(tmp_path, minimal())
    write_dutch(tmp_path, DUTCH)
    call_command("load_protocols", dir=tmp_path)
    document = yaml.safe_load(definition_as_yaml(ProtocolVersion.objects.get()))
    document["translations"]["nl"]["phases"]["one"]["name"] = "Rustige start"
    publish_clinic_copy(
        based_on=ProtocolVersion.objects.get(),
        yaml_text=yaml.safe_dump(document, allow_unicode=True),
        clinic=cast.clinic_admin.clinic,
        published_by=cast.clinic_admin,
    )
    body = api(cast.patient.user).get("/api/v1/protocols/mini/", HTTP_ACCEPT_LANGUAGE="nl").json()
    assert body["clinic"] == cast.clinic_admin.clinic_id
    assert body["phases"][0]["name"] == "Rustige start"
