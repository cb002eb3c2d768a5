"""A task queued through the real Redis broker runs in a real worker process."""

import re

import pytest

from patients.models import Invite
from patients.services import _invite_for_token
from tests.workers import celery_worker, queued_for_real, require_services, wait_for

pytestmark = pytest.mark.django_db(transaction=True)  # marked `worker` by tests/conftest.py


def test_creating_a_patient_emails_the_invite_from_a_real_worker(cast, api, tmp_path):
    require_services()
    with celery_worker(tmp_path), queued_for_real():
        response = api(cast.physio).post(
            "/api/v1/patients/",
            {
                "name": "Quinn Ortiz",
                "email": "quinn@mail.test",
                "date_of_birth": "1990-02-02",
                "timezone": "Europe/Dublin",
            },
            format="json",
        )
        assert response.status_code == 201
        invite = Invite.objects.get(patient_id=response.json()["id"])
        wait_for(lambda: Invite.objects.filter(pk=invite.pk, sent_at__isnull=False).exists())

    sent = "".join(path.read_text() for path in (tmp_path / "mail").iterdir())
    assert "To: quinn@mail.test" in sent
    # The token is signed with a timestamp, so the worker's link may be signed a second
    # later than the API's answer: both must open the same invite.
    emailed = re.search(r"/invite/(\S+)", sent).group(1)
    opened = {_invite_for_token(t).pk for t in (emailed, response.json()["invite_token"])}
    assert opened == {invite.pk}
