"""A phone retrying on a bad network: concurrent replays of one id make one row."""

import threading
import uuid

import pytest
from django.db import connection

from rehab.models import CheckIn
from tests.rehab.conftest import checkin_body
from tests.workers import require_services

pytestmark = pytest.mark.django_db(transaction=True)


def test_twenty_threads_posting_the_same_checkin_make_one_row(enrolled, api):
    require_services()
    body = checkin_body(enrolled.patient, id=str(uuid.uuid4()))
    barrier = threading.Barrier(20)
    statuses = []

    clients = [api(enrolled.patient.user) for _ in range(20)]

    def post(client):
        try:
            barrier.wait()
            statuses.append(client.post("/api/v1/checkins/", body, format="json").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert CheckIn.objects.filter(id=body["id"]).count() == 1
    assert sorted(statuses) == [200] * 19 + [201]
