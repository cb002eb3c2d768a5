"""The project's vocabulary: what patients and clinicians record, the keys and their
plain words, red flags, tracks and the pain zones. Pure Python, read by the criteria, the
gate engine, serializers, exports and the front ends' words (PROTOCOLS.md sections 1, 2,
5 and 7)."""

from typing import Annotated, Literal

from pydantic import Field

# What patients and clinicians record (PROTOCOLS.md sections 1 and 5).
CHECKIN_FIELDS = ("pain_rest", "pain_morning", "sitting_minutes", "load_test_pain")
SESSION_FIELDS = ("pain_during", "pain_after", "rpe")
RUN_FIELDS = ("pain_during", "pain_after", "run_min", "walk_min")
SOURCE_FIELDS = {"checkin": CHECKIN_FIELDS, "session": SESSION_FIELDS, "run": RUN_FIELDS}

OUTCOME_KEYS = ("phat", "visa_h")
STRENGTH_KEYS = (
    "knee_flexion_lsi",
    "single_leg_bridge_reps",
    "single_leg_balance_s",
    "pain_free_walk_min",
    "single_leg_squat_reps",
)
RED_FLAG_KEYS = (
    "suspected_avulsion",
    "neuro",
    "sciatic",
    "non_mechanical",
    "post_op",
    "bone_stress",
    "escalating",
    "adolescent",
)
# Every red flag is urgent except `sciatic` (PROTOCOLS.md section 7); a physio clears an
# urgent one with the check `<flag>_cleared` (section 9.8).
URGENT_RED_FLAG_KEYS = tuple(k for k in RED_FLAG_KEYS if k != "sciatic")
CLEARED_CHECK_KEYS = tuple(f"{k}_cleared" for k in URGENT_RED_FLAG_KEYS)
CHECK_KEYS = (
    "normal_gait",
    "surgeon_cleared_fwb",
    "surgeon_allows_hamstring_sets",
    "pain_free_isometric_90",
    "pain_free_drop_lunge",
    "pain_free_sprint",
    "shared_decision_rts",
    "rtr_entry_confirmed",
    "imaging_excluded_apophyseal_fracture",
    *CLEARED_CHECK_KEYS,
)
PROVOCATION_KEYS = (
    "puranen_orava",
    "bent_knee_stretch",
    "modified_bent_knee_stretch",
    "fast_hamstring_stretch",
    "standing_heel_drag",
    "resisted_prone_knee_flexion",
    "ischial_tenderness",
)
MEASUREMENT_KEYS = OUTCOME_KEYS + STRENGTH_KEYS + CHECK_KEYS + PROVOCATION_KEYS
TRACKS = ("standard", "operative", "non_operative")

FIELD_WORDS = {
    "pain_rest": "pain at rest",
    "pain_morning": "morning pain",
    "sitting_minutes": "sitting tolerance (minutes)",
    "load_test_pain": "load-test pain",
    "pain_during": "pain during exercise",
    "pain_after": "pain after exercise",
    "rpe": "effort (RPE)",
    "run_min": "minutes run",
    "walk_min": "minutes walked",
}
MEASURE_WORDS = {
    "phat": "PHAT score",
    "visa_h": "VISA-H score",
    "knee_flexion_lsi": "knee-bending strength compared with your other leg (%)",
    "single_leg_bridge_reps": "single-leg bridges",
    "single_leg_balance_s": "single-leg balance (seconds)",
    "pain_free_walk_min": "pain-free brisk walk (minutes)",
    "single_leg_squat_reps": "pain-free single-leg squats",
    "normal_gait": "walking normally without aids",
    "surgeon_cleared_fwb": "surgeon cleared full weight-bearing",
    "pain_free_isometric_90": "pain-free knee-bending hold at 90 degrees",
    "pain_free_drop_lunge": "pain-free drop lunge",
    "pain_free_sprint": "pain-free sprint at full speed",
    "shared_decision_rts": "return to sport agreed with your physio",
    "surgeon_allows_hamstring_sets": "your surgeon allows gentle hamstring sets",
    "rtr_entry_confirmed": "ready to start the return-to-run plan (entry checklist)",
    "imaging_excluded_apophyseal_fracture": "imaging ruled out a fracture at the sitting bone",
    "suspected_avulsion_cleared": "the possible tendon tear (pop) was checked and cleared",
    "neuro_cleared": "the nerve symptoms were checked and cleared",
    "non_mechanical_cleared": "the constant or night pain was checked and cleared",
    "post_op_cleared": "the possible problem after surgery was checked and cleared",
    "bone_stress_cleared": "a stress fracture was ruled out",
    "escalating_cleared": "the rising pain was checked and cleared",
    "adolescent_cleared": "the young-bone (growth plate) check was done",
}

# A pain bound may be a number or a traffic-light zone (per-version thresholds).
Zone = Literal["green", "amber", "red"]
PainBound = Annotated[int, Field(ge=0, le=600)] | Zone
# (green_max, amber_max) on the 0-10 scale, from the version's rules.
Zones = tuple[int, int]
DEFAULT_ZONES: Zones = (3, 5)


def resolve_bound(value: int | str, zones: Zones, *, upper: bool) -> int:
    """A zone name as a number: as an upper bound its top, as a lower bound its bottom."""
    if isinstance(value, int):
        return value
    green_max, amber_max = zones
    if upper:
        return {"green": green_max, "amber": amber_max, "red": 10}[value]
    return {"green": 0, "amber": green_max + 1, "red": amber_max + 1}[value]


def bound_words(max_: int | str | None, min_: int | str | None, zones: Zones) -> str:
    if max_ is not None:
        return f"{resolve_bound(max_, zones, upper=True)} or less"
    return f"{resolve_bound(min_, zones, upper=False)} or more"
