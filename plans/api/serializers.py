"""What the plan endpoints read and write."""

from rest_framework import serializers

from plans.models import PlanTemplate, PlanVersion

ID_MAX = 2**63 - 1  # the database's id column: a larger number is a 400, not a 500


class ChangeSerializer(serializers.Serializer):
    """One change to the plan. Dose fields given are set; those left out stay as they are."""

    kind = serializers.ChoiceField(
        choices=["dose", "swap", "pause", "resume", "add"],
        error_messages={"invalid_choice": "Choose dose, swap, pause, resume or add."},
    )
    exercise = serializers.CharField(
        max_length=60,
        help_text="The exercise's key: one in the plan, or the one to add.",
        error_messages={"required": "Name the exercise (its key)."},
    )
    to_exercise = serializers.CharField(max_length=60, required=False, help_text="For a swap.")
    sets = serializers.IntegerField(required=False, allow_null=True)
    reps = serializers.IntegerField(required=False, allow_null=True)
    hold_s = serializers.IntegerField(required=False, allow_null=True)
    rest_s = serializers.IntegerField(required=False, allow_null=True)
    load = serializers.CharField(required=False, allow_blank=True, max_length=200)
    sessions_per_week = serializers.FloatField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
    based_on = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=ID_MAX,
        help_text="The plan version the change was made on (0: the protocol's); 409 if newer.",
    )


class ApplyTemplateSerializer(serializers.Serializer):
    template = serializers.IntegerField(
        min_value=1, max_value=ID_MAX, error_messages={"required": "Choose a template."}
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
    based_on = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=ID_MAX
    )


class NewTemplateSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField(
        min_value=1,
        max_value=ID_MAX,
        help_text="Save this enrolment's current plan.",
        error_messages={"required": "Choose the enrolment whose plan to save."},
    )
    name = serializers.CharField(max_length=120, allow_blank=True)


class PlanItemSerializer(serializers.Serializer):
    slot = serializers.CharField()
    exercise = serializers.JSONField(help_text="{key, name}")
    replaces = serializers.JSONField(allow_null=True, help_text="{key, name} after a swap.")
    sets = serializers.IntegerField(allow_null=True)
    reps = serializers.IntegerField(allow_null=True)
    hold_s = serializers.IntegerField(allow_null=True)
    rest_s = serializers.IntegerField(allow_null=True)
    load = serializers.CharField(allow_blank=True, allow_null=True)
    sessions_per_week = serializers.FloatField(allow_null=True)
    notes = serializers.CharField(allow_blank=True)
    paused = serializers.BooleanField()
    added = serializers.BooleanField()
    adjusted = serializers.ListField(child=serializers.CharField())
    protocol_dose = serializers.JSONField(allow_null=True)


class PlanSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField()
    phase = serializers.JSONField(help_text="{key, name}")
    version = serializers.IntegerField(allow_null=True, help_text="Empty: as the protocol.")
    changed_at = serializers.DateTimeField(allow_null=True)
    items = PlanItemSerializer(many=True)
    note = serializers.CharField()
    allowed_exercises = serializers.JSONField(
        required=False, help_text="Staff only: what the phase allows for a swap or an add."
    )


class PlanVersionSerializer(serializers.ModelSerializer):
    phase = serializers.SerializerMethodField()
    author = serializers.SerializerMethodField()

    class Meta:
        model = PlanVersion
        fields = [
            "id",
            "number",
            "enrolment",
            "phase",
            "kind",
            "exercise",
            "summary",
            "reason",
            "author",
            "template",
            "created_at",
        ]

    def get_phase(self, row) -> dict:
        return {"key": row.phase.key, "name": row.phase.name}

    def get_author(self, row) -> dict | None:
        user = row.created_by
        return {"id": user.pk, "name": user.name} if user else None


class ChangedPlanSerializer(PlanVersionSerializer):
    """The new plan version, with the plan as it now stands."""

    plan = PlanSerializer(read_only=True)

    class Meta(PlanVersionSerializer.Meta):
        fields = [*PlanVersionSerializer.Meta.fields, "plan"]


class PlanTemplateSerializer(serializers.ModelSerializer):
    protocol = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = PlanTemplate
        fields = ["id", "name", "protocol", "phase_key", "phase_name", "items", "created_at"]
