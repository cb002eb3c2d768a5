"""Exercise media: every shipped exercise has a drawing made for the project (the file
exists, is an SVG with a title and says its licence), the schema checks media, and the
protocols API and Today expose it."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from protocols.schema import DefinitionError, validate_definition

ROOT = Path(__file__).resolve().parents[2]
DEFINITIONS_DIR = ROOT / "protocols" / "definitions"
PUBLIC = ROOT / "frontend" / "public"
SVG = "{http://www.w3.org/2000/svg}"


def document(slug="pht-loading"):
    return yaml.safe_load((DEFINITIONS_DIR / f"{slug}.yaml").read_text())


SHIPPED_EXERCISES = [
    (slug, exercise)
    for slug in ("pht-loading", "hamstring-avulsion", "return-to-run")
    for exercise in validate_definition(document(slug), source=slug).exercises
]


@pytest.mark.parametrize(
    ("slug", "exercise"), SHIPPED_EXERCISES, ids=lambda v: getattr(v, "key", v)
)
def test_every_shipped_exercise_has_its_own_drawing_with_a_title_and_the_licence(slug, exercise):
    assert exercise.media is not None and exercise.media.image == f"/exercises/{exercise.key}.svg"
    svg = ET.parse(PUBLIC / exercise.media.image.lstrip("/")).getroot()
    assert svg.tag == f"{SVG}svg" and svg.get("viewBox") == "0 0 320 200"
    assert svg.find(f"{SVG}title").text
    assert "Drawn for this project" in svg.find(f"{SVG}desc").text


def test_the_drawings_folder_records_their_licence():
    assert "licence" in (PUBLIC / "exercises" / "LICENSE.md").read_text()


@pytest.mark.parametrize(
    ("media", "words"),
    [
        ({"image": "https://example.com/a.svg"}, "image"),
        ({"image": "/exercises/../settings.svg"}, "image"),
        ({"image": "/exercises/bridge.png"}, "image"),
        ({"image": "/exercises/bridge_hold.svg", "video": "http://clinic.example/v.mp4"}, "video"),
        ({"image": "/exercises/bridge_hold.svg", "gif": "/x.gif"}, "gif"),
    ],
)
def test_media_that_is_not_a_project_drawing_or_an_https_video_is_refused(media, words):
    bad = document()
    bad["exercises"][0]["media"] = media
    with pytest.raises(DefinitionError) as refused:
        validate_definition(bad, source="pht-loading.yaml")
    assert f"exercises[0].media.{words}" in str(refused.value)


def test_a_clinic_video_link_is_accepted_next_to_the_drawing():
    copy = document()
    copy["exercises"][0]["media"]["video"] = "https://videos.clinic.example/bridge-hold"
    definition = validate_definition(copy, source="copy.yaml")
    assert definition.exercises[0].media.video.startswith("https://")


@pytest.mark.django_db
def test_the_protocols_api_and_today_give_each_exercise_its_media(enrolled, api):
    client = api(enrolled.patient.user)
    protocol = client.get("/api/v1/protocols/pht-loading/").json()
    exercise = protocol["phases"][0]["prescriptions"][0]["exercise"]
    assert exercise["media"] == {"image": f"/exercises/{exercise['key']}.svg", "video": None}
    today = client.get("/api/v1/today/").json()
    assert all(
        rx["exercise"]["media"]["image"].endswith(f"{rx['exercise']['key']}.svg")
        for rx in today["exercises"]
    )
    assert today["exercises"]
