"""The outcome report per protocol: patients, median days per phase, PHAT and VISA-H
first vs last, and the share who reached return to run; as CSV and PDF."""

import csv
import datetime as dt
import io
import zipfile

import pytest
from pypdf import PdfReader

from tests.exports.conftest import start_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def outcome_zip(history, api, django_capture_on_commit_callbacks):
    today = history.patient.local_today()
    with django_capture_on_commit_callbacks(execute=True):
        job = start_export(
            api,
            history.clinic_admin,
            kind="outcome_report",
            start=today - dt.timedelta(days=60),
            end=today,
        ).json()
    response = api(history.clinic_admin).get(job["download_url"])
    assert response.status_code == 200, response.content
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def read_csv(archive, name) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode())))


def test_the_report_holds_two_csvs_and_a_pdf(outcome_zip):
    assert sorted(outcome_zip.namelist()) == [
        "outcome_report.pdf",
        "outcome_summary.csv",
        "phase_days.csv",
    ]


def test_per_protocol_patients_scores_and_return_to_run(outcome_zip):
    rows = {r["protocol"]: r for r in read_csv(outcome_zip, "outcome_summary.csv")}
    assert rows.keys() == {"pht-loading", "return-to-run"}
    pht = rows["pht-loading"]
    assert pht["patients"] == "2"  # Robin and Casey
    assert (
        pht["phat_patients"],
        pht["phat_first_median"],
        pht["phat_last_median"],
        pht["phat_change_median"],
    ) == ("1", "42", "68", "26")
    assert (pht["visa_h_first_median"], pht["visa_h_last_median"]) == ("40", "61")
    assert (pht["reached_return_to_run"], pht["reached_return_to_run_pct"]) == ("1", "50.0")
    rtr = rows["return-to-run"]
    assert (rtr["patients"], rtr["reached_return_to_run"]) == ("1", "0")
    assert rtr["phat_patients"] == "0"  # one score since the plan began: no first vs last


def test_median_days_count_finished_stays_only(outcome_zip):
    phases = {(r["protocol"], r["phase"]): r for r in read_csv(outcome_zip, "phase_days.csv")}
    assert phases[("pht-loading", "stage-1")]["median_days"] == "20"
    assert phases[("pht-loading", "stage-1")]["finished_stays"] == "1"
    assert phases[("pht-loading", "stage-2")]["median_days"] == ""  # Robin is still in it
    assert phases[("return-to-run", "level-1")]["finished_stays"] == "0"


def test_the_pdf_shows_the_same_numbers(outcome_zip):
    reader = PdfReader(io.BytesIO(outcome_zip.read("outcome_report.pdf")))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Outcome report" in text and "Harbour Physio" in text
    assert "42 → 68 (change 26; 1 patient)" in text
    assert "1 of 2 (50.0%)" in text
    assert "supports clinicians; it does not diagnose" in text


def test_a_period_before_anyone_started_gives_an_empty_report(
    history, api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_export(
            api, history.physio, kind="outcome_report", start="2001-01-01", end="2001-12-31"
        ).json()
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(api(history.physio).get(job["download_url"]).streaming_content))
    )
    assert read_csv(archive, "outcome_summary.csv") == []
