"""The progress report (page and PDF) speaks the patient's language, whoever opens it."""

import io

from pypdf import PdfReader

from rehab.reviews import override


def dutch(user):
    user.language = "nl"
    user.save(update_fields=["language"])


def test_a_dutch_patients_report_is_in_dutch_with_dutch_dates(enrolled, api):
    patient = enrolled.patient
    dutch(patient.user)
    html = api(enrolled.physio).get(f"/api/v1/patients/{patient.pk}/report.html").content.decode()
    assert '<html lang="nl">' in html
    assert f"Voortgangsrapport: {patient.name}" in html
    assert "Behandelend fysiotherapeut:" in html and "Laatste waarden" in html
    assert "Deze software ondersteunt zorgverleners" in html
    started = patient.enrolments.get().start_date
    months = (
        "januari februari maart april mei juni juli augustus september oktober november december"
    )
    assert f"Gestart {started.day} {months.split()[started.month - 1]} {started.year}" in html, (
        html[html.find("Gestart") : html.find("Gestart") + 40]
    )
    assert "Progress report" not in html


def test_an_english_patients_report_stays_english(enrolled, api):
    patient = enrolled.patient
    html = api(enrolled.physio).get(f"/api/v1/patients/{patient.pk}/report.html").content.decode()
    assert f"Progress report: {patient.name}" in html and '<html lang="en">' in html


def test_the_dutch_pdf_numbers_its_pages_in_dutch(enrolled, api):
    dutch(enrolled.patient.user)
    response = api(enrolled.physio).get(f"/api/v1/patients/{enrolled.patient.pk}/report.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Pagina 1 van" in text and "Ondersteunt zorgverleners; stelt geen diagnose." in text


def test_the_report_names_the_phase_in_the_patients_language(enrolled, api):
    patient = enrolled.patient
    url = f"/api/v1/patients/{patient.pk}/report.html"
    english = api(enrolled.physio).get(url).content.decode()
    assert "Isometric" in english and "Isometrisch" not in english
    dutch(patient.user)
    html = api(enrolled.physio).get(url).content.decode()
    assert "Isometrisch" in html and "Isometric<" not in html

    enrolment = patient.enrolments.get()
    override(
        enrolment_id=enrolment.pk, to_phase_key="stage-2", reason="Klaar", user=enrolled.physio
    )
    html = api(enrolled.physio).get(url).content.decode()
    assert "Isotoon, weinig heupbuiging" in html and "Isometrisch" in html  # a move, both names
    assert "Isometric<" not in html and "little hip flexion" not in html
