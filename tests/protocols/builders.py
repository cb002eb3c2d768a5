"""A small valid definition document that tests change one thing at a time."""

import copy

import yaml

MINIMAL = {
    "slug": "mini",
    "name": "Mini programme",
    "condition": "test condition",
    "disclaimer": "Supports your clinician; does not diagnose.",
    "references": [{"key": "goom2016", "citation": "Goom TS et al. JOSPT 2016;46(6):483-493."}],
    "rules": {
        "pain_zones": {"green_max": 3, "amber_max": 5},
        "injection_washout_days": 14,
        "not_responding_weeks": 12,
        "hold": {
            "when_any": [
                {
                    "kind": "log_worst",
                    "source": "session",
                    "field": "pain_during",
                    "over": {"days": 7},
                    "min": "amber",
                },
            ]
        },
        "flare": {
            "action": "propose_step_back",
            "when_any": [{"kind": "morning_pain_rise", "up_by": 2}],
        },
    },
    "tracks": [{"key": "standard", "name": "Standard", "start_phase": "one"}],
    "exercises": [
        {
            "key": "bridge_hold",
            "name": "Bridge hold",
            "description": "Hold a bridge.",
            "hip_flexion": "none",
        },
    ],
    "phases": [
        {
            "key": "one",
            "name": "Phase one",
            "aim": "Settle pain.",
            "prescriptions": [
                {"exercise": "bridge_hold", "sets": 5, "hold_s": 45, "sessions_per_week": 7}
            ],
        },
        {"key": "two", "name": "Phase two", "aim": "Build strength."},
    ],
    "gates": [
        {
            "from": "one",
            "to": "two",
            "mode": "review",
            "criteria": [
                {"kind": "days_in_phase", "min": 14},
                {
                    "kind": "log_worst",
                    "source": "session",
                    "field": "pain_during",
                    "over": {"sessions": 7, "min_count": 7},
                    "max": 3,
                },
            ],
        },
    ],
}


def minimal(**changes) -> dict:
    document = copy.deepcopy(MINIMAL)
    document.update(changes)
    return document


def write(directory, document: dict, name: str | None = None) -> None:
    path = directory / f"{name or document['slug']}.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
