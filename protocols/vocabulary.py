"""The project's vocabulary: what patients and clinicians record, the keys and their
plain words, red flags and tracks. Pure Python, read by the criteria, the gate engine,
serializers, exports and the front ends' words (PROTOCOLS.md sections 1, 5 and 7). The
pain zones (section 2) are in protocols/zones.py."""

from dataclasses import dataclass
from typing import Literal

from protocols.words import gettext_noop

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


@dataclass(frozen=True)
class RedFlag:
    """A red flag (PROTOCOLS.md section 7): what the physio's alert says, and for one the
    patient answers, the question and advice the app shows (the PWA's catalogues hold the
    same words, translated)."""

    key: str
    severity: Literal["urgent", "routine"]
    message: str  # the alert, for the physio
    question: str = ""  # empty: derived by the app, never answered by the patient
    advice: str = ""
    operative_only: bool = False  # asked only after surgery
    stops_loading: bool = False  # Today gives its advice in place of runs and loaded work
    stops_running: bool = False  # pauses the return-to-run plan


RED_FLAGS = (
    RedFlag(
        "suspected_avulsion",
        "urgent",
        "Sudden pop or sharp pain with bruising, weak knee bending or trouble sitting or "
        "walking: urgent imaging and orthopaedic review.",
        question="A sudden pop or sharp pain in your buttock or the back of your thigh, with "
        "bruising, weak knee bending, or trouble sitting or walking?",
        advice="Get an urgent medical review today: you may need a scan and an orthopaedic "
        "opinion, and delay makes repair harder. If the swelling or bruising is spreading "
        "fast, go to an emergency department now.",
        stops_loading=True,
        stops_running=True,
    ),
    RedFlag(
        "neuro",
        "urgent",
        "Saddle numbness, bladder or bowel change, or new weakness below the knee: urgent "
        "medical review (the patient is told to go to an emergency department now for "
        "saddle numbness or a bladder or bowel change).",
        question="Numbness around your bottom or genitals, a change in bladder or bowel "
        "control, or new weakness or foot drop below the knee?",
        advice="Numbness around your bottom or genitals, or a change in bladder or bowel "
        "control: go to an emergency department now. New weakness or foot drop below the "
        "knee: get urgent medical care today.",
        stops_loading=True,
    ),
    RedFlag(
        "sciatic",
        "routine",
        "Tingling or pain referred down the back of the thigh: routine review.",
        question="Tingling or pain running down the back of your thigh?",
        advice="This is common with this tendon and is not urgent. Your physio will look at "
        "it at your next review. Get help sooner if it gets worse or you notice numbness or "
        "weakness.",
    ),
    RedFlag(
        "non_mechanical",
        "urgent",
        "Severe constant pain unrelated to sitting or activity, or night pain.",
        question="Severe, constant pain that does not change with sitting or moving, or pain "
        "that wakes you at night?",
        advice="Contact your doctor or physio today: pain like this needs checking.",
    ),
    RedFlag(
        "post_op",
        "urgent",
        "Possible post-operative complication (swelling, warmth, wound change, fever, new "
        "pop or new sciatic symptoms).",
        question="Since your operation: calf or thigh swelling or warmth, a red or leaking "
        "wound, fever, a new pop, or new tingling down the leg?",
        advice="Contact your surgical team today. If swelling is spreading fast, or with "
        "fever or a painful swollen calf, go to an emergency department now.",
        operative_only=True,
        stops_loading=True,
        stops_running=True,
    ),
    RedFlag(
        "bone_stress",
        "urgent",
        "Pain on hopping or weight-bearing that builds with running: rule out a pelvic "
        "stress fracture.",
        question="Pain when you hop or stand on the leg that builds up when you run?",
        advice="Stop running and hopping, and see your doctor or physio soon to rule out a "
        "stress fracture of the pelvis.",
        stops_loading=True,
        stops_running=True,
    ),
    RedFlag(
        "escalating",
        "urgent",
        "Escalating pain: pain during exercise 8/10 or more, or morning pain rising on 3 "
        "days running.",
    ),
    RedFlag(
        "adolescent",
        "urgent",
        "Under 25 with acute ischial pain or a pop: the ischial apophysis may still be open. "
        "Plain pelvic X-ray first, MRI if normal: rule out an apophyseal avulsion fracture.",
    ),
)
RED_FLAG_KEYS = tuple(f.key for f in RED_FLAGS)
# Each red flag in the patient's words, inside a sentence ("moving on waits until your
# physio clears: nerve symptoms"), translated where the sentence is read.
RED_FLAG_WORDS = {
    "suspected_avulsion": gettext_noop("a possible tendon tear (pop)"),
    "neuro": gettext_noop("nerve symptoms"),
    "sciatic": gettext_noop("tingling or pain down the thigh"),
    "non_mechanical": gettext_noop("constant or night pain"),
    "post_op": gettext_noop("a possible problem after surgery"),
    "bone_stress": gettext_noop("a possible bone stress fracture"),
    "escalating": gettext_noop("rising pain"),
    "adolescent": gettext_noop("the young-bone (growth plate) check"),
}
RED_FLAG_BY_KEY = {f.key: f for f in RED_FLAGS}
ANSWERED_RED_FLAG_KEYS = tuple(f.key for f in RED_FLAGS if f.question)
# A physio clears an urgent red flag with the check `<flag>_cleared` (section 9.8).
URGENT_RED_FLAG_KEYS = tuple(f.key for f in RED_FLAGS if f.severity == "urgent")
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
    "pain_rest": gettext_noop("pain at rest"),
    "pain_morning": gettext_noop("morning pain"),
    "sitting_minutes": gettext_noop("sitting tolerance (minutes)"),
    "load_test_pain": gettext_noop("load-test pain"),
    "pain_during": gettext_noop("pain during exercise"),
    "pain_after": gettext_noop("pain after exercise"),
    "rpe": gettext_noop("effort (RPE)"),
    "run_min": gettext_noop("minutes run"),
    "walk_min": gettext_noop("minutes walked"),
}
MEASURE_WORDS = {
    "phat": gettext_noop("PHAT score"),
    "visa_h": gettext_noop("VISA-H score"),
    "knee_flexion_lsi": gettext_noop("knee-bending strength compared with your other leg (%)"),
    "single_leg_bridge_reps": gettext_noop("single-leg bridges"),
    "single_leg_balance_s": gettext_noop("single-leg balance (seconds)"),
    "pain_free_walk_min": gettext_noop("pain-free brisk walk (minutes)"),
    "single_leg_squat_reps": gettext_noop("pain-free single-leg squats"),
    "normal_gait": gettext_noop("walking normally without aids"),
    "surgeon_cleared_fwb": gettext_noop("surgeon cleared full weight-bearing"),
    "pain_free_isometric_90": gettext_noop("pain-free knee-bending hold at 90 degrees"),
    "pain_free_drop_lunge": gettext_noop("pain-free drop lunge"),
    "pain_free_sprint": gettext_noop("pain-free sprint at full speed"),
    "shared_decision_rts": gettext_noop("return to sport agreed with your physio"),
    "surgeon_allows_hamstring_sets": gettext_noop("your surgeon allows gentle hamstring sets"),
    "rtr_entry_confirmed": gettext_noop("ready to start the return-to-run plan (entry checklist)"),
    "imaging_excluded_apophyseal_fracture": gettext_noop(
        "imaging ruled out a fracture at the sitting bone"
    ),
    "suspected_avulsion_cleared": gettext_noop(
        "the possible tendon tear (pop) was checked and cleared"
    ),
    "neuro_cleared": gettext_noop("the nerve symptoms were checked and cleared"),
    "non_mechanical_cleared": gettext_noop("the constant or night pain was checked and cleared"),
    "post_op_cleared": gettext_noop("the possible problem after surgery was checked and cleared"),
    "bone_stress_cleared": gettext_noop("a stress fracture was ruled out"),
    "escalating_cleared": gettext_noop("the rising pain was checked and cleared"),
    "adolescent_cleared": gettext_noop("the young-bone (growth plate) check was done"),
    "puranen_orava": gettext_noop("stretch test for the sitting-bone tendon (Puranen-Orava)"),
    "bent_knee_stretch": gettext_noop("bent-knee stretch test"),
    "modified_bent_knee_stretch": gettext_noop("modified bent-knee stretch test"),
    "fast_hamstring_stretch": gettext_noop("fast hamstring stretch test"),
    "standing_heel_drag": gettext_noop("standing heel-drag test"),
    "resisted_prone_knee_flexion": gettext_noop("knee bending against resistance, lying face down"),
    "ischial_tenderness": gettext_noop("tenderness at the sitting bone"),
}


MeasureGroup = Literal["outcome", "function", "check", "clearance", "provocation"]


@dataclass(frozen=True)
class Measure:
    """How a measurement key is recorded and named (PROTOCOLS.md section 5). A check is 1
    (yes) or 0 (no), a provocation test 1 (positive) or 0 (negative)."""

    key: str
    group: MeasureGroup
    label: str  # the clinician's name
    unit: str = ""
    low: float = 0
    high: float = 1
    per_side: bool = False  # recorded for each leg
    methods: tuple[str, ...] = ()  # how it was tested, when that must be said


_VALUE_RANGES = {  # key -> (low, high) for the measures with a scale
    "phat": (0, 100),
    "visa_h": (0, 100),
    "knee_flexion_lsi": (0, 1000),  # a % (no side) or a side's raw strength (kg or N)
    "single_leg_bridge_reps": (0, 500),
    "single_leg_squat_reps": (0, 500),
    "single_leg_balance_s": (0, 3600),
    "pain_free_walk_min": (0, 600),
}
_LABELS = {
    "phat": "PHAT total (0-100)",
    "visa_h": "VISA-H total (0-100)",
    "knee_flexion_lsi": "Knee-flexion strength",
    "single_leg_bridge_reps": "Single-leg bridge",
    "single_leg_squat_reps": "Pain-free single-leg squats",
    "single_leg_balance_s": "Single-leg balance, injured side",
    "pain_free_walk_min": "Pain-free brisk walk",
    "normal_gait": "Normal gait without aids",
    "surgeon_cleared_fwb": "Surgeon cleared full weight-bearing",
    "pain_free_isometric_90": "Pain-free isometric knee flexion at 90°",
    "pain_free_drop_lunge": "Pain-free unweighted drop lunge",
    "pain_free_sprint": "Pain-free sprint at full speed",
    "shared_decision_rts": "Shared decision to return to sport recorded",
    "surgeon_allows_hamstring_sets": "Surgeon allows hamstring sets (unlocks them in phase I)",
    "rtr_entry_confirmed": "Return-to-run entry checklist confirmed",
    "imaging_excluded_apophyseal_fracture": "Imaging excluded an apophyseal avulsion fracture",
    "suspected_avulsion_cleared": "Suspected avulsion cleared",
    "neuro_cleared": "Neurological signs cleared",
    "non_mechanical_cleared": "Non-mechanical pain cleared",
    "post_op_cleared": "Post-operative complication cleared",
    "bone_stress_cleared": "Bone stress cleared",
    "escalating_cleared": "Escalating pain cleared",
    "adolescent_cleared": "Adolescent (open apophysis) flag cleared",
    "puranen_orava": "Puranen-Orava",
    "bent_knee_stretch": "Bent-knee stretch",
    "modified_bent_knee_stretch": "Modified bent-knee stretch",
    "fast_hamstring_stretch": "Fast hamstring stretch",
    "standing_heel_drag": "Standing heel drag",
    "resisted_prone_knee_flexion": "Resisted prone knee flexion",
    "ischial_tenderness": "Ischial tuberosity tenderness",
}
_UNITS = {
    "knee_flexion_lsi": "%",
    "single_leg_bridge_reps": "reps",
    "single_leg_squat_reps": "reps",
    "single_leg_balance_s": "s",
    "pain_free_walk_min": "min",
}


def _group(key: str) -> MeasureGroup:
    if key in OUTCOME_KEYS:
        return "outcome"
    if key in STRENGTH_KEYS:
        return "function"
    if key in CLEARED_CHECK_KEYS:
        return "clearance"
    return "check" if key in CHECK_KEYS else "provocation"


MEASURES = tuple(
    Measure(
        key,
        _group(key),
        _LABELS[key],
        unit=_UNITS.get(key, ""),
        low=_VALUE_RANGES.get(key, (0, 1))[0],
        high=_VALUE_RANGES.get(key, (0, 1))[1],
        per_side=key in ("single_leg_bridge_reps", "single_leg_squat_reps"),
        methods=("isometric", "10rm") if key == "knee_flexion_lsi" else (),
    )
    for key in MEASUREMENT_KEYS
)
MEASURE_BY_KEY = {m.key: m for m in MEASURES}
# Words for the values 1 and 0 of the keys recorded as one or the other.
VALUE_WORDS: dict[str, dict[str, str]] = {
    "check": {"1": "yes", "0": "no"},
    "clearance": {"1": "yes", "0": "no"},
    "provocation": {"1": "positive", "0": "negative"},
}
SIDES = ("left", "right")


# The codes the API answers with, in the dashboard's words.
CODE_WORDS = {
    # alert kinds, and the caseload's other reasons a patient needs the physio
    "needs": {
        "red_flag": "Red flag",
        "flare": "Flare",
        "ready_for_review": "Ready for review",
        "waiting_on_check": "Waiting on your check",
        "note": "New note",
        "stalled": "Stalled",
        "not_responding": "Not responding",
    },
    "protocols": {
        "pht-loading": "PHT loading",
        "hamstring-avulsion": "Avulsion",
        "return-to-run": "Return to run",
    },
    "decisions": {
        "advance": "Advanced",
        "ready_for_review": "Ready for review",
        "hold": "Hold",
        "flare": "Flare",
        "override": "Physio override",
        "step_back": "Step back",
    },
    "statuses": {
        "pending": "Awaiting your decision",
        "approved": "Approved",
        "declined": "Declined",
        "applied": "Applied",
        "closed": "Closed",
    },
    "triggers": {"log": "after a log", "nightly": "nightly check", "physio": "by a physio"},
    "tracks": {"operative": "operative", "non_operative": "non-operative", "standard": ""},
    "sides": {"left": "left", "right": "right"},
    # gate criterion kinds (protocols/criteria.py), for the clinic's protocol editors
    "criteria": {
        "days_in_phase": "days in the phase",
        "days_since": "days since a date",
        "log_worst": "worst logged value",
        "log_mean": "mean logged value",
        "days_meeting": "days meeting a bound",
        "sessions_logged": "sessions logged",
        "adherence": "sessions done as prescribed",
        "morning_pain_settled": "morning pain settled",
        "morning_pain_rise": "morning pain rising",
        "weekly_mean_stable": "weekly mean stable",
        "weekly_mean_rising": "weekly mean rising",
        "measurement": "a measurement reached",
        "check": "a physio check recorded",
        "no_flare": "no flare-up",
        "run_level_reached": "run level reached",
        "runs_at_level": "runs at the level",
        "limp_reported": "limp reported",
        "enrolment_completed": "another programme completed",
        "exercises_unlocked": "every exercise unlocked",
    },
}
