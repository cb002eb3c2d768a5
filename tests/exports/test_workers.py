"""Export jobs on a real Celery worker process through the real Redis broker."""

import io
import zipfile

import pytest

from rehab.models import CheckIn, ExerciseSession, Measurement, Run
from tests.exports.conftest import start_export
from tests.workers import celery_worker, queued_for_real, require_services, wait_for

pytestmark = pytest.mark.django_db(transaction=True)  # marked `worker` by tests/conftest.py


def poll_until_finished(client, job_id: int, seen: list[int]) -> dict:
    def finished():
        body = client.get(f"/api/v1/exports/{job_id}/").json()
        seen.append(body["progress"])
        return body if body["status"] in ("done", "failed") else None

    return wait_for(finished, timeout=90, interval=0.1)


def test_export_jobs_run_on_a_real_worker_and_their_progress_reaches_100(
    history, api, tmp_path, media
):
    require_services()
    admin = api(history.clinic_admin)
    with celery_worker(tmp_path, extra_env={"EXPORT_ROOT": str(media)}), queued_for_real():
        logs = start_export(api, history.clinic_admin)
        outcomes = start_export(api, history.clinic_admin, kind="outcome_report")
        assert (logs.status_code, outcomes.status_code) == (202, 202)
        # The worker, not the request, does the work (it may already have claimed the job).
        assert logs.json()["status"] in ("queued", "running")
        seen_logs, seen_outcomes = [], []
        done_logs = poll_until_finished(admin, logs.json()["id"], seen_logs)
        done_outcomes = poll_until_finished(admin, outcomes.json()["id"], seen_outcomes)
    for done, seen in [(done_logs, seen_logs), (done_outcomes, seen_outcomes)]:
        assert (done["status"], done["progress"], done["error"]) == ("done", 100, "")
        assert seen == sorted(seen) and seen[-1] == 100  # progress only moves forward
    response = admin.get(done_logs["download_url"])
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    for name, model in [
        ("checkins", CheckIn),
        ("sessions", ExerciseSession),
        ("runs", Run),
        ("measurements", Measurement),
    ]:
        lines = archive.read(f"{name}.csv").decode().splitlines()
        assert len(lines) - 1 == model.objects.count(), name  # every row is in range
    report = admin.get(done_outcomes["download_url"])
    assert report.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(b"".join(report.streaming_content))).namelist()
    assert "outcome_report.pdf" in names
