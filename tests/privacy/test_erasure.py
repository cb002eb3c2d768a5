"""A clinic admin erases a patient: afterwards no table holds the patient's id, their
enrolments' ids, their notes, name or email. History tables included, found by
introspecting the database rather than by listing models."""

import pytest
from django.db import connection

from exports.models import ExportJob
from patients.models import Patient, User
from privacy.models import AccessEvent, Erasure
from rehab.models import CheckIn
from tests.factories import StaffFactory
from tests.privacy.conftest import DELETED_NOTE, EDITED_NOTE, NOTE, OTHER_NOTE, PHYSIO_NOTE

pytestmark = pytest.mark.django_db(transaction=False)

TEXT_TYPES = ("text", "character varying", "jsonb", "json")


def columns() -> dict[str, list[tuple[str, str, str | None]]]:
    """table -> [(column, data type, referenced table or None)] for every table."""
    with connection.cursor() as cursor:
        tables = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = %s",
                [table],
            )
            found = cursor.fetchall()
            relations = connection.introspection.get_relations(cursor, table)
            tables[table] = [
                (name, kind, relations.get(name, (None, None))[1]) for name, kind in found
            ]
    return tables


def references(column: str, target: str | None) -> str | None:
    """Which of the erased things an id column points at (history tables keep ids without
    a database constraint, so names count as well as constraints)."""
    if target == "patients_patient" or column == "patient_id" or column.endswith("_patient_id"):
        return "patient"
    if target == "rehab_enrolment" or column == "enrolment_id":
        return "enrolment"
    if (
        target == "patients_user"
        or column in ("user_id", "history_user_id")
        or column.endswith("_by_id")
    ):
        return "user"
    return None


def leftovers(ids: dict[str, list[int]], texts: list[str]) -> list[str]:
    found = []
    with connection.cursor() as cursor:
        for table, cols in columns().items():
            for column, kind, target in cols:
                what = references(column, target)
                if what and ids[what] and kind in ("integer", "bigint"):
                    cursor.execute(
                        f'SELECT count(*) FROM "{table}" WHERE "{column}" = ANY(%s)', [ids[what]]
                    )
                    if cursor.fetchone()[0]:
                        found.append(f"{table}.{column} holds the {what}'s id")
                if kind in TEXT_TYPES:
                    for text in texts:
                        cursor.execute(
                            f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s',
                            [f"%{text}%"],
                        )
                        if cursor.fetchone()[0]:
                            found.append(f"{table}.{column} holds {text!r}")
    return found


def test_erasure_leaves_no_row_with_the_patients_id_or_words_in_any_table(
    full_record, api, exports_folder
):
    cast = full_record
    patient, user = cast.patient, cast.patient.user
    ids = {
        "patient": [patient.pk],
        "user": [user.pk],
        "enrolment": list(patient.enrolments.values_list("id", flat=True)),
    }
    texts = [NOTE, EDITED_NOTE, PHYSIO_NOTE, DELETED_NOTE, user.name, user.email]
    before = leftovers(ids, texts)
    # The fixture really left traces everywhere erasure has to look, history included.
    for trace in [
        "rehab_historicalcheckin.note",
        "rehab_historicalcheckin.patient_id",
        "rehab_historicaltreatment.note",
        "rehab_exercisesession.note",  # the deleted session, kept until erasure
        "rehab_alert.patient_id",
        "rehab_exportrecord.patient_id",
        "privacy_accessevent.patient_id",
        "django_admin_log.object_repr",
        "axes_accessattempt.username",
        "knox_authtoken.user_id",
        "rehab_historicalenrolment.patient_id",
    ]:
        assert any(line.startswith(trace) for line in before), (trace, before)

    response = api(cast.clinic_admin).post(
        f"/api/v1/patients/{patient.pk}/erase/", {"confirm": True}, format="json"
    )

    assert response.status_code == 200, response.content
    assert leftovers(ids, texts) == []
    assert not any((exports_folder / str(patient.clinic_id)).iterdir())
    assert ExportJob.objects.get().file == ""


def test_erasure_leaves_an_audit_row_naming_who_and_when_but_no_health_data(full_record, api):
    cast = full_record
    response = api(cast.clinic_admin).post(
        f"/api/v1/patients/{cast.patient.pk}/erase/", {"confirm": True}, format="json"
    )
    erasure = Erasure.objects.get()
    assert (erasure.erased_by, erasure.erased_by_email) == (cast.clinic_admin, "admin@harbour.test")
    assert erasure.clinic_id == cast.patient.clinic_id and erasure.created_at
    assert erasure.rows["rehab.CheckIn"] == 31 and erasure.files == 1
    assert response.json()["erased_by_email"] == "admin@harbour.test"
    assert set(response.json()) == {
        "id",
        "erased_at",
        "erased_by",
        "erased_by_email",
        "rows",
        "files",
    }
    # The staff reads stay in the trail, naming nobody.
    assert AccessEvent.objects.filter(user=cast.physio, patient=None).count() == 2


def test_erasure_leaves_the_other_patients_alone(full_record, api):
    cast = full_record
    api(cast.clinic_admin).post(
        f"/api/v1/patients/{cast.patient.pk}/erase/", {"confirm": True}, format="json"
    )
    assert list(Patient.objects.all()) == [cast.other_patient]
    assert CheckIn.objects.get(note=OTHER_NOTE).patient == cast.other_patient
    assert User.objects.filter(pk=cast.physio.pk).exists()


@pytest.mark.parametrize("body", [{}, {"confirm": False}, {"confirm": "yes please"}])
def test_erasure_needs_an_explicit_confirmation(body, full_record, api):
    response = api(full_record.clinic_admin).post(
        f"/api/v1/patients/{full_record.patient.pk}/erase/", body, format="json"
    )
    assert response.status_code == 400
    assert Patient.objects.filter(pk=full_record.patient.pk).exists()


@pytest.mark.parametrize("who", ["physio", "colleague", "patient", "outsider"])
def test_only_the_clinic_admin_erases(who, cast, api):
    response = api(cast.users()[who]).post(
        f"/api/v1/patients/{cast.patient.pk}/erase/", {"confirm": True}, format="json"
    )
    assert response.status_code == 403
    assert Patient.objects.filter(pk=cast.patient.pk).exists()


def test_an_admin_of_another_clinic_gets_a_404(cast, api):
    elsewhere = StaffFactory(clinic=cast.outsider.clinic, role=User.Role.CLINIC_ADMIN)
    response = api(elsewhere).post(
        f"/api/v1/patients/{cast.patient.pk}/erase/", {"confirm": True}, format="json"
    )
    assert response.status_code == 404
    assert Patient.objects.filter(pk=cast.patient.pk).exists()
