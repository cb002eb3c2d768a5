"""The write path's floor: a bare Django + DRF view that stores a check-in in one INSERT.

Mounted at /api/v1/bench/ only when BENCH_BASELINE is on (see config/urls.py). It has
the same authentication (one token lookup) and the same JSON body as POST
/api/v1/checkins/, but no validation, no idempotency, no history, no alerts and no
follow-up job: the cost of Django, DRF and one row, which the real view is compared with.
"""

from django.db import connection
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

INSERT_CHECKIN = """
    INSERT INTO rehab_checkin
        (id, patient_id, date, pain_rest, pain_morning, red_flags, note, created_at, updated_at)
    SELECT %s, id, %s, %s, %s, '[]', '', now(), now() FROM patients_patient WHERE user_id = %s
"""


@extend_schema(exclude=True)
class BareInsertView(APIView):
    def post(self, request):
        body = request.data
        with connection.cursor() as cursor:
            cursor.execute(
                INSERT_CHECKIN,
                [
                    body["id"],
                    body["date"],
                    body["pain_rest"],
                    body["pain_morning"],
                    request.user.pk,
                ],
            )
        return Response({"id": body["id"]}, status=201)


urlpatterns = [path("baseline-checkin/", BareInsertView.as_view(), name="bench-baseline")]
