"""`today/`: what the patient should do today, on every active programme."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from patients import access
from protocols import localise
from protocols.api.protocols import MediaSerializer, RunPlanSerializer
from protocols.api.vocabulary import PainZonesSerializer, pain_zones
from protocols.zones import strictest_zones
from rehab import alerts, enrolments, news, running
from rehab.models import CheckIn, Enrolment

DISCLAIMER = "This app supports your clinician and does not diagnose."


def words(**kwargs):
    return serializers.ListField(child=serializers.CharField(), **kwargs)


class TodayPhaseDetailSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    index = serializers.IntegerField()
    aim = serializers.CharField()
    avoid = words()
    advice = words()
    run_plan = RunPlanSerializer(allow_null=True, help_text="Return-to-run levels only.")


class ExerciseRefSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()


class LockedSerializer(serializers.Serializer):
    """Prescribed in this phase, not unlocked yet (PROTOCOLS.md section 3)."""

    exercise = ExerciseRefSerializer()
    group = serializers.CharField()
    unlocks_after = serializers.CharField(help_text="What unlocks it, in plain words.")
    remaining = serializers.IntegerField(
        allow_null=True, help_text="Sessions or days still to go, where countable."
    )


class TodayPhaseSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField()
    protocol = serializers.CharField()
    phase = TodayPhaseDetailSerializer()
    phase_started_on = serializers.DateField()
    track = serializers.CharField()
    running_paused = serializers.CharField(
        allow_null=True, help_text="Why the physio paused running (PROTOCOLS.md 9.9); null: not."
    )
    locked = LockedSerializer(many=True)
    pain_zones = PainZonesSerializer(help_text="The zones of this programme's version.")


class TodayExerciseDetailSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    cues = words()
    media = MediaSerializer(allow_null=True)


class TodayExerciseSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField()
    exercise = TodayExerciseDetailSerializer()
    sets = serializers.IntegerField(allow_null=True)
    reps = serializers.IntegerField(allow_null=True)
    hold_s = serializers.IntegerField(allow_null=True)
    load = serializers.CharField(allow_blank=True)
    rest_s = serializers.IntegerField(allow_null=True)
    sessions_per_week = serializers.FloatField()
    notes = serializers.CharField(allow_blank=True)
    adjusted = serializers.ListField(
        child=serializers.CharField(),
        help_text="What the physio changed for this patient (dose fields, 'exercise' for a "
        "swap, 'added'); empty: as the protocol prescribes.",
    )


class NewsItemSerializer(serializers.Serializer):
    """One piece of news (rehab/news.py); which fields come depends on `kind`."""

    id = serializers.CharField(
        help_text="Stable across devices; a card read (`news/<id>/dismiss/`) is left out."
    )
    kind = serializers.ChoiceField(
        choices=["red_flag", "moved_up", "moved_back", "finished", "flare", "next"]
    )
    key = serializers.CharField(required=False, help_text="red_flag: which flag.")
    enrolment = serializers.IntegerField(required=False)
    protocol = serializers.CharField(required=False)
    on = serializers.DateField(required=False)
    from_phase = serializers.CharField(required=False)
    to_phase = serializers.CharField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)
    reasons = words(required=False)
    advice = serializers.CharField(required=False, allow_blank=True)
    mode = serializers.CharField(required=False, allow_null=True, help_text="next: the gate's.")
    met = serializers.IntegerField(required=False, help_text="next: goals met of `total`.")
    total = serializers.IntegerField(required=False)
    goals_left = words(required=False)


class TodaySerializer(serializers.Serializer):
    date = serializers.DateField(help_text="Today where the patient is.")
    phases = TodayPhaseSerializer(many=True)
    exercises = TodayExerciseSerializer(
        many=True, help_text="Unlocked prescriptions; none while loading is paused."
    )
    checkin_done = serializers.BooleanField()
    next_run_level = serializers.IntegerField(allow_null=True)
    open_red_flags = words(
        help_text="Open urgent red flags; four of them replace runs and loaded work with "
        "their advice until the physio clears them (PROTOCOLS.md 9.8)."
    )
    loading_paused = serializers.BooleanField()
    news = NewsItemSerializer(many=True, help_text="What changed and why, in plain words.")
    pain_zones = PainZonesSerializer(
        help_text="The zones to colour the patient's pain by: the strictest of their "
        "programmes' (the versions' thresholds, which a clinic copy may change)."
    )
    disclaimer = serializers.CharField()


def phase_row(enrolment, locked, versions=None) -> dict:
    phase = enrolment.current_phase
    words = localise.phase_words(enrolment.version, phase)  # in the request's language
    return {
        "enrolment": enrolment.pk,
        "protocol": enrolment.protocol.slug,
        "phase": {
            "key": phase.key,
            "name": words["name"],
            "index": phase.index,
            "aim": words["aim"],
            "avoid": words["avoid"],
            "advice": words["advice"],
            "run_plan": words["run_plan"],
        },
        "phase_started_on": enrolment.phase_started_on,
        "track": enrolment.track,
        # No runs while the physio has running paused (PROTOCOLS.md 9.9); why, in the
        # request's language.
        "running_paused": running.paused_reason(enrolment, versions),
        # What is next and what unlocks it (PROTOCOLS.md section 3).
        "locked": locked,
        "pain_zones": pain_zones(enrolment.version.zones),
    }


def exercise_row(enrolment, rx) -> dict:
    exercise = rx.exercise
    version = enrolment.version
    # In the request's language; what the physio wrote for this patient stays as written.
    dose_words = localise.prescription_words(
        version, enrolment.current_phase.key, rx, adjusted=rx.adjusted
    )
    return {
        "enrolment": enrolment.pk,
        "exercise": {
            "key": exercise.key,
            **localise.exercise_words(version, exercise),
            "media": version.exercise_media.get(exercise.key),
        },
        "sets": rx.sets,
        "reps": rx.reps,
        "hold_s": rx.hold_s,
        "load": dose_words["load"],
        "rest_s": rx.rest_s,
        "sessions_per_week": rx.sessions_per_week,
        "notes": dose_words["notes"],
        "adjusted": rx.adjusted,  # the patient's plan (plans.services)
    }


class TodayView(APIView):
    """What the patient should do today, on every active programme."""

    permission_classes = [access.IsPatient]

    @extend_schema(responses={200: TodaySerializer})
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
        versions = {e.version_id: e.version for e in active}  # a paused plan names one
        for enrolment in active:
            prescribed, locked = enrolments.todays_prescriptions(enrolment, today)
            phases.append(phase_row(enrolment, locked, versions))
            phase = enrolment.current_phase
            if phase.run_plan is not None and enrolment.running_paused_since is None:
                next_run_level = phase.index + 1
            exercises += [exercise_row(enrolment, rx) for rx in prescribed]
        body = {
            "date": today,
            "phases": phases,
            "exercises": [] if stop_loading else exercises,
            "checkin_done": CheckIn.objects.filter(patient=patient, date=today).exists(),
            "next_run_level": None if stop_loading else next_run_level,
            "open_red_flags": list(open_flags),
            "loading_paused": bool(stop_loading),
            "news": news.news_for(patient=patient, today=today, open_red_flags=open_flags),
            "pain_zones": pain_zones(strictest_zones(e.version.zones for e in active)),
            "disclaimer": DISCLAIMER,
        }
        return Response(TodaySerializer(body).data)
