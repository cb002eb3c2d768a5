"""Enrolments (staff create; staff and the patient read) and the patient's `today`."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from config.params import id_param
from patients import access
from patients.models import Patient
from privacy import audit
from privacy.models import AccessEvent
from protocols.versions import current_protocol_versions
from rehab import alerts, enrolments
from rehab.gate_api import EnrolmentGateActions, GateSerializer, gate_view, pending_review
from rehab.models import CheckIn, Enrolment, PhaseTransition, Side


class PhaseRefSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    index = serializers.IntegerField()


class EnrolmentSerializer(serializers.ModelSerializer):
    protocol = serializers.CharField(source="protocol.slug")
    version = serializers.IntegerField(source="version.number")
    current_phase = PhaseRefSerializer()
    gate = serializers.SerializerMethodField()
    pending_review = serializers.SerializerMethodField()

    class Meta:
        model = Enrolment
        fields = [
            "id", "patient", "protocol", "version", "track", "side", "status", "start_date",
            "injury_date", "surgery_date", "tendons", "retraction_cm", "current_phase",
            "phase_started_on", "completed_on", "gate", "pending_review", "created_at",
            "running_paused_since", "running_paused_reason",
        ]  # fmt: skip

    @extend_schema_field(GateSerializer(allow_null=True))
    def get_gate(self, enrolment) -> dict | None:
        return gate_view(enrolment)

    def get_pending_review(self, enrolment) -> dict | None:
        return pending_review(enrolment)


class EnrolmentCreateSerializer(serializers.Serializer):
    patient = serializers.PrimaryKeyRelatedField(
        queryset=Patient.objects.none(),
        error_messages={"does_not_exist": "No patient with id {pk_value} in your clinic."},
    )
    protocol = serializers.SlugField()
    track = serializers.ChoiceField(
        choices=["operative", "non_operative"], required=False, allow_null=True
    )
    side = serializers.ChoiceField(
        choices=Side.choices, error_messages={"invalid_choice": "Side is 'left' or 'right'."}
    )
    start_date = serializers.DateField()
    injury_date = serializers.DateField(required=False, allow_null=True)
    surgery_date = serializers.DateField(required=False, allow_null=True)
    tendons = serializers.IntegerField(min_value=1, max_value=3, required=False, allow_null=True)
    retraction_cm = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=0, max_value=50, required=False, allow_null=True
    )
    entry_confirmed = serializers.BooleanField(
        required=False,
        default=False,
        help_text="The physio confirms the plan's entry checklist (return-to-run): one "
        "`rtr_entry_confirmed` check is recorded on the start date.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["patient"].queryset = access.visible_patients(request.user)

    def validate_protocol(self, slug):
        current = {
            v.protocol.slug: v for v in current_protocol_versions(self.context["request"].user)
        }  # noqa: E501
        if slug not in current:
            known = ", ".join(sorted(current)) or "none loaded"
            raise serializers.ValidationError(f"Unknown protocol '{slug}' (known: {known}).")
        return current[slug]

    def validate(self, attrs):
        version = attrs["protocol"]
        track_keys = {t.key for t in version.parsed.tracks}
        if attrs.get("track") and attrs["track"] not in track_keys:
            raise serializers.ValidationError(
                {"track": [f"The {version.protocol.slug} protocol has no tracks to choose."]}
            )
        local_today = attrs["patient"].local_today()
        for name in ("injury_date", "surgery_date"):
            words = name.replace("_", " ").capitalize()
            if attrs.get(name) and attrs[name] > attrs["start_date"]:
                raise serializers.ValidationError(
                    {name: [f"{words} cannot be after the start date."]}
                )
            if attrs.get(name) and attrs[name] > local_today:
                raise serializers.ValidationError({name: [f"{words} cannot be in the future."]})
        injury, surgery = attrs.get("injury_date"), attrs.get("surgery_date")
        if injury and surgery and injury > surgery:
            raise serializers.ValidationError(
                {"injury_date": ["Injury date cannot be after the surgery date."]}
            )
        if attrs["start_date"] > local_today:
            raise serializers.ValidationError(
                {"start_date": ["The start date cannot be in the future."]}
            )
        return attrs


def enrolment_queryset(user):
    return (
        access.scope_to_patient(Enrolment.objects.all(), user)
        .select_related("protocol", "version", "current_phase")
        .prefetch_related(
            Prefetch(
                "transitions",
                PhaseTransition.objects.select_related(
                    "from_phase", "to_phase", "actor", "decided_by"
                ).prefetch_related("ledger"),
            )
        )
    )


class EnrolmentViewSet(
    EnrolmentGateActions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = EnrolmentSerializer

    def get_queryset(self):
        enrolments_ = enrolment_queryset(self.request.user)
        if self.action == "list" and (patient := id_param(self.request, "patient", "patient's id")):
            enrolments_ = enrolments_.filter(patient_id=patient)
        return enrolments_.order_by("-created_at")

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        audit.record_list_for(user=request.user, patient_id=id_param(request, "patient"),
                              kind=AccessEvent.Kind.LOGS, detail="enrolments")  # fmt: skip
        return response

    @extend_schema(request=EnrolmentCreateSerializer, responses={201: EnrolmentSerializer})
    def create(self, request):
        if not access.is_clinic_staff(request.user):
            return Response({"detail": "Only clinic staff may enrol patients."}, status=403)
        serializer = EnrolmentCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        enrolment = enrolments.enrol(
            patient=data.pop("patient"),
            version=data.pop("protocol"),
            created_by=request.user,
            **data,
        )
        body = EnrolmentSerializer(enrolment_queryset(request.user).get(pk=enrolment.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


class TodayView(APIView):
    """What the patient should do today, on every active programme."""

    permission_classes = [access.IsPatient]

    @extend_schema(responses={200: dict})
    def get(self, request):
        patient = access.patient_of(request.user)
        active = (
            Enrolment.objects.filter(patient=patient, status=Enrolment.Status.ACTIVE)
            .select_related("protocol", "version", "current_phase")
            .prefetch_related("current_phase__prescriptions__exercise")
            .order_by("id")
        )
        phases, exercises, next_run_level = [], [], None
        today = patient.local_today()
        open_flags = alerts.open_urgent_red_flags(patient.pk)
        stop_loading = [flag for flag in open_flags if flag in alerts.STOPS_LOADING]
        for enrolment in active:
            phase = enrolment.current_phase
            prescribed, locked = enrolments.todays_prescriptions(enrolment, today)
            phases.append(
                {
                    "enrolment": enrolment.pk,
                    "protocol": enrolment.protocol.slug,
                    "phase": {
                        "key": phase.key,
                        "name": phase.name,
                        "index": phase.index,
                        "aim": phase.aim,
                        "avoid": phase.avoid,
                        "advice": phase.advice,
                        "run_plan": phase.run_plan,
                    },
                    "phase_started_on": enrolment.phase_started_on,
                    "track": enrolment.track,
                    # No runs while the physio has running paused (PROTOCOLS.md 9.9).
                    "running_paused": enrolment.running_paused_reason or None,
                    # What is next and what unlocks it (PROTOCOLS.md section 3).
                    "locked": locked,
                }
            )
            if phase.run_plan is not None and enrolment.running_paused_since is None:
                next_run_level = phase.index + 1
            for rx in prescribed:
                exercises.append(
                    {
                        "enrolment": enrolment.pk,
                        "exercise": {
                            "key": rx.exercise.key,
                            "name": rx.exercise.name,
                            "description": rx.exercise.description,
                            "cues": rx.exercise.cues,
                            "media": enrolment.version.exercise_media.get(rx.exercise.key),
                        },
                        "sets": rx.sets,
                        "reps": rx.reps,
                        "hold_s": rx.hold_s,
                        "load": rx.load,
                        "rest_s": rx.rest_s,
                        "sessions_per_week": rx.sessions_per_week,
                        "notes": rx.notes,
                    }
                )
        return Response(
            {
                "date": today,
                "phases": phases,
                "exercises": [] if stop_loading else exercises,
                "checkin_done": CheckIn.objects.filter(patient=patient, date=today).exists(),
                "next_run_level": None if stop_loading else next_run_level,
                # Open urgent red flags; four of them replace runs and loaded work with
                # their advice until the physio clears them (PROTOCOLS.md 9.8).
                "open_red_flags": list(open_flags),
                "loading_paused": bool(stop_loading),
                "disclaimer": "This app supports your clinician and does not diagnose.",
            }
        )
