"""Pain zones belong to the protocol version: a clinic copy with other zones changes them
in the gate's words, in the report (PDF and page), and in what the API gives the phone and
the dashboard to colour pain with. (tests/e2e/test_pain_zones.py looks at the colours.)"""

import datetime as dt
import io

import pytest
import yaml
from pypdf import PdfReader

from protocols import zones
from protocols.models import ProtocolVersion
from protocols.services import definition_as_yaml, publish_clinic_copy
from rehab.enrolments import enrol

pytestmark = pytest.mark.django_db
ZONES = {"green_max": 2, "amber_max": 4}


def zoned_copy(shipped, cast, zones=ZONES):
    document = yaml.safe_load(definition_as_yaml(shipped["pht-loading"]))
    document["rules"]["pain_zones"] = zones
    published = publish_clinic_copy(
        based_on=shipped["pht-loading"],
        yaml_text=yaml.safe_dump(document),
        clinic=cast.patient.clinic,
        published_by=cast.clinic_admin,
    )
    return ProtocolVersion.objects.get(
        protocol__slug=published.slug, number=published.number, clinic=cast.patient.clinic
    )


@pytest.fixture
def on_copy(cast, shipped):
    version = zoned_copy(shipped, cast)
    return enrol(
        patient=cast.patient,
        version=version,
        side="left",
        start_date=cast.patient.local_today() - dt.timedelta(days=30),
        created_by=cast.physio,
    )


def test_the_strictest_zones_colour_a_patient_on_several_programmes():
    assert zones.strictest_zones([(3, 5), (2, 6)]) == (2, 5)
    assert zones.strictest_zones([]) == zones.DEFAULT_ZONES
    assert zones.zone_ranges((2, 4)) == {"green": "0-2", "amber": "3-4", "red": "5-10"}


def gate_labels(body) -> list[str]:
    return [c["label"] for gate in body["gates"] for c in gate["criteria"]]


def test_the_gates_words_follow_the_copys_zones(cast, api, shipped, on_copy):
    shipped_words = gate_labels(
        api(cast.physio).get("/api/v1/protocols/pht-loading/?version=1").json()
    )
    body = api(cast.physio).get("/api/v1/protocols/pht-loading/").json()
    assert body["version"] == on_copy.version.number > 1
    assert body["rules"]["pain_zones"] == ZONES
    # Criteria bounded by a zone ("max: green") move with it; fixed numbers stay.
    changed = [(a, b) for a, b in zip(shipped_words, gate_labels(body), strict=True) if a != b]
    assert changed
    for shipped_label, copy_label in changed:
        assert shipped_label.replace("3 or less", "2 or less") == copy_label


def test_the_report_shades_and_names_the_copys_zones(cast, api, on_copy):
    html = api(cast.physio).get(f"/api/v1/patients/{cast.patient.pk}/report.html").content.decode()
    assert "green 0-2, amber 3-4, red 5-10" in html
    pdf = api(cast.physio).get(f"/api/v1/patients/{cast.patient.pk}/report.pdf").content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "green 0-2, amber 3-4, red 5-10" in " ".join(text.split())


def test_the_report_of_a_patient_on_the_shipped_zones_says_so(cast, api, enrolled):
    html = api(cast.physio).get(f"/api/v1/patients/{cast.patient.pk}/report.html").content.decode()
    assert "green 0-3, amber 4-5, red 6-10" in html


def test_the_phone_gets_the_copys_zones_with_today_and_each_enrolment(cast, api, on_copy):
    patient = api(cast.patient.user)
    today = patient.get("/api/v1/today/").json()
    assert today["pain_zones"] == ZONES
    assert [p["pain_zones"] for p in today["phases"]] == [ZONES]
    assert patient.get(f"/api/v1/enrolments/{on_copy.pk}/").json()["pain_zones"] == ZONES


def test_a_patient_on_two_programmes_is_coloured_by_the_strictest_zones(
    cast, api, shipped, on_copy
):
    enrol(
        patient=cast.patient,
        version=shipped["return-to-run"],
        side="left",
        start_date=cast.patient.local_today(),
        created_by=cast.physio,
        entry_confirmed=True,
    )
    today = api(cast.patient.user).get("/api/v1/today/").json()
    assert sorted(p["pain_zones"]["green_max"] for p in today["phases"]) == [2, 3]
    assert today["pain_zones"] == ZONES


def test_the_dashboard_gets_the_copys_zones_with_the_caseload_row(cast, api, on_copy):
    rows = api(cast.physio).get("/api/v1/caseload/").json()["results"]
    zones = {row["patient"]["id"]: row["pain_zones"] for row in rows}
    assert zones[cast.patient.pk] == ZONES
    assert zones[cast.other_patient.pk] == {"green_max": 3, "amber_max": 5}  # not enrolled
