"""The patient's progress report: a PDF (WeasyPrint) and the same page as HTML."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.html import escape
from pypdf import PdfReader

from exports.report import DISCLAIMER
from tests.exports.conftest import LATEST

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def report_pdf(history, api):
    response = api(history.physio).get(f"/api/v1/patients/{history.patient.pk}/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_the_pdf_renders_with_the_patient_clinic_and_generated_date(history, report_pdf):
    text = pdf_text(report_pdf)
    assert report_pdf.startswith(b"%PDF-")
    assert "Progress report: Robin Runner" in text
    assert "Harbour Physio" in text
    assert f"Generated: {history.patient.local_today():%-d %b %Y}" in text


def test_the_pdf_holds_the_patients_latest_values(report_pdf):
    text = pdf_text(report_pdf)
    assert f"PHAT {_date(2)} {LATEST['phat']}/100" in text
    assert f"VISA-H {_date(2)} {LATEST['visa_h']}/100" in text
    assert (
        f"pain at rest {LATEST['pain_rest']}/10; morning pain {LATEST['pain_morning']}/10" in text
    )
    assert f"pain during {LATEST['pain_during']}/10" in text


def _date(days_ago: int) -> str:
    import datetime as dt

    from patients.models import Patient

    today = Patient.objects.get(user__name="Robin Runner").local_today()
    return f"{today - dt.timedelta(days=days_ago):%-d %b %Y}"


def test_the_pdf_shows_phases_gate_checklist_transitions_and_tests(history, report_pdf):
    text = pdf_text(report_pdf)
    pht = history.patient.enrolments.get(protocol__slug="pht-loading")
    for criterion in pht.gate_snapshot["criteria"]:
        assert " ".join(criterion["label"].split())[:30] in text
    assert "Gate checklist: toward Isotonic into hip flexion (physio review)" in text
    assert "Isometric" in text and "Isotonic, little hip flexion" in text  # the phase timeline
    assert f"Ready for review approved {_date(10)}" in text  # the transition history
    assert "olerating load well." in text  # (pypdf splits the kerned "T")
    assert "Knee-flexion strength, limb symmetry index 85%" in text
    assert "Puranen-Orava test negative" in text
    assert "supports clinicians; it does not diagnose" in text


def test_the_first_page_renders_to_png_for_a_look(report_pdf, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    source = ARTIFACTS / "patient-report.pdf"
    source.write_bytes(report_pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            str(source),
            str(ARTIFACTS / "patient-report"),
        ],
        check=True,
    )
    png = next(ARTIFACTS.glob("patient-report-*1.png"))
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 10_000


def test_the_html_page_has_the_same_content_and_inline_svg_charts(history, api):
    response = api(history.patient.user).get(f"/api/v1/patients/{history.patient.pk}/report.html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    assert "Progress report: Robin Runner" in html and escape(DISCLAIMER) in html
    assert html.count("<svg") >= 4  # two timelines, pain, PHAT/VISA-H
    for series in ["At rest", "Morning", "During exercise", "After exercise", "PHAT", "VISA-H"]:
        assert f">{series}</text>" in html


def test_a_report_with_no_data_yet_still_renders(cast, api):
    response = api(cast.colleague).get(f"/api/v1/patients/{cast.other_patient.pk}/report.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Not enrolled on a programme." in text and "none yet" in text


def test_names_in_the_report_are_escaped(cast, api):
    cast.other_patient.user.name = "<script>alert(1)</script>"
    cast.other_patient.user.save()
    html = api(cast.colleague).get(f"/api/v1/patients/{cast.other_patient.pk}/report.html").content
    assert b"<script>" not in html and b"&lt;script&gt;" in html


def test_the_report_takes_a_fixed_number_of_queries(history, api, django_assert_max_num_queries):
    client = api(history.physio)
    with django_assert_max_num_queries(14):
        assert client.get(f"/api/v1/patients/{history.patient.pk}/report.html").status_code == 200
