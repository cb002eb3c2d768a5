"""The read API, and a clinic's own copy: visible to that clinic only."""

import pytest
import yaml
from django.core.management import call_command

from protocols.models import ProtocolVersion
from protocols.services import definition_as_yaml, publish_clinic_copy
from tests.protocols.builders import minimal, write

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_protocols")]


@pytest.fixture
def mini(tmp_path, no_protocols):
    write(tmp_path, minimal())
    call_command("load_protocols", dir=tmp_path)
    return ProtocolVersion.objects.get()


def clinic_copy(version, clinic, admin, min_days=10):
    document = yaml.safe_load(definition_as_yaml(version))
    document["gates"][0]["criteria"][0]["min"] = min_days
    return publish_clinic_copy(
        based_on=version, yaml_text=yaml.safe_dump(document), clinic=clinic, published_by=admin
    )


@pytest.mark.parametrize("who", ["patient", "physio", "outsider", "clinic_admin"])
def test_any_signed_in_user_reads_a_protocol_in_plain_words(cast, api, mini, who):
    response = api(cast.users()[who]).get("/api/v1/protocols/mini/")
    assert response.status_code == 200
    body = response.json()
    assert (body["slug"], body["version"]) == ("mini", 1)
    assert [(p["key"], p["index"]) for p in body["phases"]] == [("one", 0), ("two", 1)]
    assert body["phases"][0]["prescriptions"][0]["exercise"]["key"] == "bridge_hold"
    gate = body["gates"][0]
    assert (gate["from_phase"], gate["to_phase"], gate["mode"]) == ("one", "two", "review")
    assert [c["label"] for c in gate["criteria"]] == [
        "at least 14 days in this phase",
        "worst pain during exercise over your last 7 sessions: 3 or less",
    ]
    assert body["rules"]["hold"][0]["label"] == (
        "worst pain during exercise over the last 7 days: 4 or more"
    )
    assert body["references"][0]["key"] == "goom2016"
    flags = [(p["forbids_running"], p["step_back_into"]) for p in body["phases"]]
    assert flags == [(False, True), (False, True)]


def test_anonymous_users_cannot_read_protocols(api, mini):
    assert api(None).get("/api/v1/protocols/").status_code in (401, 403)


def test_an_unknown_protocol_is_404(cast, api, mini):
    assert api(cast.physio).get("/api/v1/protocols/nothing/").status_code == 404


def test_a_clinic_copy_is_used_by_that_clinic_only(cast, api, mini):
    result = clinic_copy(mini, cast.clinic_admin.clinic, cast.clinic_admin)
    assert (result.number, result.created) == (2, True)

    def min_days(user):
        body = api(user).get("/api/v1/protocols/mini/").json()
        return body["version"], body["gates"][0]["criteria"][0]["min"]

    assert min_days(cast.physio) == (2, 10)
    assert min_days(cast.patient.user) == (2, 10)  # patients of that clinic follow it too
    assert min_days(cast.outsider) == (1, 14)
    listed = api(cast.outsider).get("/api/v1/protocols/").json()["results"]
    assert [(p["slug"], p["version"]) for p in listed] == [("mini", 1)]


def test_an_enrolled_version_can_be_read_but_not_another_clinics_copy(cast, api, mini):
    clinic_copy(mini, cast.clinic_admin.clinic, cast.clinic_admin)
    url = "/api/v1/protocols/mini/?version="
    assert api(cast.physio).get(url + "1").json()["version"] == 1  # the shipped one still
    assert api(cast.physio).get(url + "2").json()["version"] == 2
    assert api(cast.outsider).get(url + "2").status_code == 404
    assert api(cast.physio).get(url + "9").status_code == 404
    assert api(cast.physio).get(url + "two").json() == {
        "version": ["Give a version number, like 2."]
    }


def test_publishing_the_same_copy_twice_changes_nothing(cast, mini):
    clinic_copy(mini, cast.clinic_admin.clinic, cast.clinic_admin)
    again = clinic_copy(mini, cast.clinic_admin.clinic, cast.clinic_admin)
    assert again.created is False
    assert ProtocolVersion.objects.count() == 2


def test_a_clinic_admin_publishes_a_copy_in_the_admin(cast, client, mini):
    client.force_login(cast.clinic_admin)
    url = f"/admin/protocols/protocolversion/{mini.pk}/clinic-copy/"
    page = client.get(url)
    assert page.status_code == 200
    assert "days_in_phase" in page.content.decode()
    edited = page.context["form"].initial["definition"].replace("min: 14", "min: 9")
    response = client.post(url, {"definition": edited})
    assert response.status_code == 302
    copy = ProtocolVersion.objects.get(number=2)
    assert copy.clinic == cast.clinic_admin.clinic
    assert copy.parsed.gates[0].criteria[0].min == 9


def test_a_broken_clinic_copy_shows_the_problem_and_publishes_nothing(cast, client, mini):
    client.force_login(cast.clinic_admin)
    url = f"/admin/protocols/protocolversion/{mini.pk}/clinic-copy/"
    edited = client.get(url).context["form"].initial["definition"].replace("to: two", "to: six")
    response = client.post(url, {"definition": edited})
    assert response.status_code == 200
    assert "gates[0].to: gate to a missing phase &#x27;six&#x27;" in response.content.decode()
    assert ProtocolVersion.objects.count() == 1


def test_another_clinics_copy_is_hidden_in_the_admin(cast, client, mini):
    from patients.models import User
    from tests.factories import StaffFactory

    clinic_copy(mini, cast.outsider.clinic, cast.outsider)
    client.force_login(cast.clinic_admin)
    listing = client.get("/admin/protocols/protocolversion/").content.decode()
    assert "Hilltop" not in listing
    other_admin = StaffFactory(
        clinic=cast.outsider.clinic, role=User.Role.CLINIC_ADMIN, is_staff=True
    )
    client.force_login(other_admin)
    assert "Hilltop" in client.get("/admin/protocols/protocolversion/").content.decode()
