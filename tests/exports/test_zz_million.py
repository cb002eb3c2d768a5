import datetime as dt
import resource
import time
from types import SimpleNamespace

import pytest
from django.db import connection

from rehab.exports import csv_export
from rehab.exports.builders import clinic_logs

pytestmark = pytest.mark.django_db


def test_million(enrolled, tmp_path):
    patient = enrolled.patient
    enrolment = patient.enrolments.get()
    with connection.cursor() as c:
        c.execute(
            """INSERT INTO rehab_exercisesession (id, patient_id, enrolment_id, date, created_at, updated_at, pain_during, pain_after, rpe, exercises, note)
        SELECT gen_random_uuid(), %s, %s, DATE '2026-01-01' + (g %% 300), now(), now(), g %% 4, g %% 3, 5, '[{"exercise":"bridge_hold","sets":5}]'::jsonb, 'steady'
        FROM generate_series(1, 1000000) g""",
            [patient.pk, enrolment.pk],
        )
    job = SimpleNamespace(
        created_by=enrolled.physio,
        clinic_id=patient.clinic_id,
        date_from=dt.date(2000, 1, 1),
        date_to=dt.date(2100, 1, 1),
    )
    qs = {k.name: clinic_logs(k.model, job) for k in csv_export.KINDS}
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.time()
    rows = csv_export.write_logs_zip(tmp_path / "m.zip", qs)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"\nMILLION rows={rows} seconds={time.time() - t:.1f} maxrss_before={before / 1024:.0f}MB after={after / 1024:.0f}MB zip={(tmp_path / 'm.zip').stat().st_size / 1e6:.1f}MB"
    )
