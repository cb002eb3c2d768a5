"""Criteria as the pages show them: the app's words beside the rule as the file states it."""

from protocols.criteria import Window
from protocols.docs.text import b, table
from protocols.vocabulary import CODE_WORDS
from protocols.zones import Zones

MODE_WORDS = {
    "review": "physio review: when every criterion is met, the move is proposed to the "
    "treating physio, who approves or declines it",
    "auto": "automatic: when every criterion is met, the patient moves on and the physio "
    "sees the move",
}
FLARE_ACTIONS = {
    "propose_step_back": "the physio is alerted and a step back is proposed to them",
    "step_back": "the patient steps back one phase at once and the physio is alerted "
    "(in the first phase: stays, and the physio is alerted)",
}

SKIPPED = {"kind", "label", "tracks"}


def zone_words(zones: Zones) -> str:
    green, amber = zones
    return (
        f"green 0-{b(green)}, amber {b(green + 1)}-{b(amber)}, red {b(amber + 1)}-10 "
        "(on the 0-10 pain scale)"
    )


def bound(value: str, zones: Zones, *, upper: bool) -> str:
    """A zone as a bound: its top as a maximum, its bottom as a minimum."""
    green, amber = zones
    low, high = {"green": (0, green), "amber": (green + 1, amber), "red": (amber + 1, 10)}[value]
    return f"{value} ({b(high) if upper else b(low)})"


def window(over: Window, noun: str) -> str:
    if over.days:
        span = f"last {b(over.days)} days"
    else:
        span = f"last {b(over.sessions)} {noun if over.sessions > 1 else noun[:-1]}"
    return span + (f", at least {b(over.min_count)} logged" if over.min_count > 1 else "")


def rule_terms(criterion, zones: Zones) -> str:
    """The criterion as its file states it: the kind and each parameter, numbers in bold."""
    terms = [f"`{criterion.kind}`"]
    noun = "runs" if getattr(criterion, "source", "") == "run" else "sessions"
    for name in type(criterion).model_fields:
        value = getattr(criterion, name)
        if name in SKIPPED or value is None or value is False:
            continue
        if isinstance(value, Window):
            shown = window(value, noun)
        elif value in ("green", "amber", "red"):
            shown = bound(value, zones, upper=name == "max")
        elif value is True:
            shown = "yes"
        elif isinstance(value, int | float):
            shown = b(value)
        else:
            shown = f"`{value}`"
        terms.append(f"`{name}` {shown}")
    return " · ".join(terms)


def criterion_words(criterion, zones: Zones) -> str:
    words = criterion.plain_label(zones)
    if criterion.tracks:
        words += " (" + ", ".join(CODE_WORDS["tracks"][t] or t for t in criterion.tracks)
        words += " track only)"
    return words


def criteria_table(criteria, zones: Zones) -> list[str]:
    rows = [(criterion_words(c, zones), rule_terms(c, zones)) for c in criteria]
    return table(("Criterion, in the app's words", "Rule in the file"), rows)
