"""`messages/` (the patient's own) and `patients/<id>/messages/` (staff): one
conversation per patient, oldest first, with `messages/unread/` for the patient. Thin:
find the patient through the access rules, call a service."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.pages import page_of
from config.throttling import WriteThrottle
from conversations import services
from patients import access
from privacy import audit
from privacy.models import AccessEvent


class AuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=["patient", "physio", "clinic_admin", "system"])


class ConversationRowSerializer(serializers.Serializer):
    """One row of the conversation: a free message, a note the patient left on a log
    (`source` names the log), or a decision note (`source` names the transition)."""

    id = serializers.CharField(help_text="'message:12', 'checkin:<uuid>', 'transition:7'...")
    author = AuthorSerializer()
    kind = serializers.ChoiceField(choices=["note", "message", "decision"])
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
    source = serializers.JSONField(
        allow_null=True,
        help_text="{type: checkin|session|run, id, date} or {type: transition, id, status, "
        "decision, to_phase, enrolment, date}; null for a free message.",
    )


class NewMessageSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000)

    def validate_text(self, value):
        if not value.strip():
            raise serializers.ValidationError("Write a message.")
        return value


class UnreadSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class ConversationPagination(PageNumberPagination):
    page_size = 50  # `?page=last` gives the newest rows, as a chat opens


class ConversationView(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [WriteThrottle]
    throttle_scope = "writes"

    def patient(self, request, **kwargs):
        raise NotImplementedError

    @extend_schema(
        parameters=[OpenApiParameter("page", str, description="A page number, or 'last'.")],
        responses={200: page_of(ConversationRowSerializer, name="ConversationPage")},
    )
    def get(self, request, **kwargs):
        patient = self.patient(request, **kwargs)
        paginator = ConversationPagination()
        page = paginator.paginate_queryset(
            services.conversation(patient=patient), request, view=self
        )
        rows = services.present(page)
        audit.record_read(
            user=request.user, patient=patient, kind=AccessEvent.Kind.LOGS, detail="conversation"
        )
        if rows:
            services.mark_read(
                user=request.user, patient=patient, until=max(r["created_at"] for r in rows)
            )
        return paginator.get_paginated_response(ConversationRowSerializer(rows, many=True).data)

    @extend_schema(request=NewMessageSerializer, responses={201: ConversationRowSerializer})
    def post(self, request, **kwargs):
        patient = self.patient(request, **kwargs)
        body = NewMessageSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        message = services.post_message(
            patient=patient, author=request.user, text=body.validated_data["text"]
        )
        row = services.message_row(message)
        return Response(ConversationRowSerializer(row).data, status=status.HTTP_201_CREATED)


class PatientConversationView(ConversationView):
    """One patient's conversation, for the staff of their clinic (and the patient)."""

    def patient(self, request, pk):
        return get_object_or_404(access.visible_patients(request.user), pk=pk)


class MyConversationView(ConversationView):
    """The signed-in patient's own conversation with their clinic."""

    permission_classes = [access.IsPatient]

    def patient(self, request):
        return access.patient_of(request.user)


class MyUnreadView(APIView):
    """How many messages and decision notes the patient has not read yet."""

    permission_classes = [access.IsPatient]

    @extend_schema(responses={200: UnreadSerializer})
    def get(self, request):
        patient = access.patient_of(request.user)
        return Response({"unread": services.unread_for_patient(patient=patient)})
