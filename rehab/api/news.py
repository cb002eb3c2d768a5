"""`news/<card>/dismiss/`: the patient has read a news card on Today (rehab/news.py)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from patients import access
from rehab import news


class NewsDismissalSerializer(serializers.Serializer):
    card = serializers.CharField(help_text="The card's id, as in Today's `news`.")
    dismissed_at = serializers.DateTimeField(source="created_at", help_text="When first read.")


class DismissNewsView(APIView):
    """Mark a card read on every device; replaying it is harmless (200 with the first
    reading). 404 for a card about someone else's programme; 400 for a red flag's advice,
    which stays until the physio clears the flag."""

    permission_classes = [access.IsPatient]

    @extend_schema(request=None, responses={200: NewsDismissalSerializer})
    def post(self, request, card):
        dismissal = news.dismiss(patient=access.patient_of(request.user), card=card)
        return Response(NewsDismissalSerializer(dismissal).data)
