"""Codes and names the exports use (PROTOCOLS.md sections 1, 5 and 8).

Only codes PROTOCOLS.md gives: ICD-10-CM for the conditions and LOINC 72514-3 for NRS
pain. PHAT, VISA-H and the clinician tests have no verified code here, so they travel
as text; no SNOMED CT or LOINC code is invented.
"""

from decimal import Decimal

from protocols.vocabulary import CHECK_KEYS, PROVOCATION_KEYS

ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
LOINC = "http://loinc.org"
NRS_PAIN_CODE = "72514-3"
NRS_PAIN_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
UCUM = "http://unitsofmeasure.org"

_ENTHESOPATHY = "Other specified enthesopathies of {side} lower limb, excluding foot"
_STRAIN = (
    "Strain of muscle, fascia and tendon of the posterior muscle group at thigh level, "
    "{side} thigh, subsequent encounter"
)
# (protocol slug, side) -> (ICD-10-CM code, display). Return-to-run has no condition of
# its own: it serves the condition of the programme it is linked from.
CONDITION_CODES = {
    ("pht-loading", "right"): ("M76.891", _ENTHESOPATHY.format(side="right")),
    ("pht-loading", "left"): ("M76.892", _ENTHESOPATHY.format(side="left")),
    # Rehabilitation encounters take the 7th character D (subsequent encounter).
    ("hamstring-avulsion", "right"): ("S76.311D", _STRAIN.format(side="right")),
    ("hamstring-avulsion", "left"): ("S76.312D", _STRAIN.format(side="left")),
}

# The pain values patients log, as (record kind, field) -> words.
PAIN_FIELDS = {
    ("checkin", "pain_rest"): "Pain at rest",
    ("checkin", "pain_morning"): "Pain or stiffness on waking",
    ("checkin", "load_test_pain"): "Pain in the daily load test",
    ("session", "pain_during"): "Worst pain during exercise",
    ("session", "pain_after"): "Pain after exercise",
    ("run", "pain_during"): "Worst pain during the run",
    ("run", "pain_after"): "Pain after the run",
}

# key -> (clinician's name, UCUM unit or "", unit in words)
MEASURES = {
    "phat": ("PHAT total score (0-100)", "{score}", "/100"),
    "visa_h": ("VISA-H total score (0-100)", "{score}", "/100"),
    "knee_flexion_lsi": ("Knee-flexion strength, limb symmetry index", "%", "%"),
    "single_leg_bridge_reps": ("Single-leg bridge", "{reps}", "reps"),
    "single_leg_balance_s": ("Single-leg balance, injured side", "s", "s"),
    "pain_free_walk_min": ("Pain-free brisk walk", "min", "min"),
    "single_leg_squat_reps": ("Pain-free single-leg squats", "{reps}", "reps"),
    "normal_gait": ("Normal gait without aids", "", ""),
    "surgeon_cleared_fwb": ("Surgeon cleared full weight-bearing", "", ""),
    "pain_free_isometric_90": ("Pain-free isometric knee flexion at 90 degrees", "", ""),
    "pain_free_drop_lunge": ("Pain-free unweighted drop lunge", "", ""),
    "pain_free_sprint": ("Pain-free sprint at full speed", "", ""),
    "shared_decision_rts": ("Shared decision on return to sport", "", ""),
    "puranen_orava": ("Puranen-Orava test", "", ""),
    "bent_knee_stretch": ("Bent-knee stretch test", "", ""),
    "modified_bent_knee_stretch": ("Modified bent-knee stretch test", "", ""),
    "fast_hamstring_stretch": ("Fast hamstring-stretch test", "", ""),
    "standing_heel_drag": ("Standing heel drag test", "", ""),
    "resisted_prone_knee_flexion": ("Resisted prone knee flexion", "", ""),
    "ischial_tenderness": ("Ischial tuberosity tenderness", "", ""),
}
OUTCOMES = ("phat", "visa_h")


def measure_name(key: str) -> str:
    return MEASURES.get(key, (key.replace("_", " ").capitalize(), "", ""))[0]


def is_check(key: str) -> bool:
    return key in CHECK_KEYS


def is_provocation(key: str) -> bool:
    return key in PROVOCATION_KEYS


def raw_strength(key: str, side: str) -> bool:
    """Knee-flexion strength recorded per side is a raw number (kg or N), not a %."""
    return key == "knee_flexion_lsi" and bool(side)


def number(value) -> str:
    """1.50 -> '1.5', 80.00 -> '80'."""
    if value is None:
        return "-"
    text = f"{Decimal(value).normalize():f}" if isinstance(value, Decimal) else f"{value:g}"
    return text


def measure_value(key: str, value, side: str = "") -> str:
    if is_check(key):
        return "yes" if value else "no"
    if is_provocation(key):
        return "positive" if value else "negative"
    if raw_strength(key, side):
        return number(value)
    unit = MEASURES.get(key, ("", "", ""))[2]
    joiner = "" if unit in ("%", "/100") else " "
    return f"{number(value)}{joiner}{unit}".strip()
