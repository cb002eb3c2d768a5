"""Pain zones: the traffic-light thresholds a protocol version sets on the 0-10 scale
(PROTOCOLS.md section 2), and pain bounds written as a number or a zone name. Pure Python,
read by the criteria, the gate engine, serializers, the caseload and the report."""

from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import Field

from protocols.words import Words

# A pain bound may be a number or a traffic-light zone (per-version thresholds).
Zone = Literal["green", "amber", "red"]
PainBound = Annotated[int, Field(ge=0, le=600)] | Zone
# (green_max, amber_max) on the 0-10 scale, from the version's rules.
Zones = tuple[int, int]
DEFAULT_ZONES: Zones = (3, 5)


def strictest_zones(zones: Iterable[Zones]) -> Zones:
    """One set of zones for a patient on several programmes: the lowest thresholds, so a
    score is never shown greener than one of their programmes judges it."""
    zones = list(zones)
    if not zones:
        return DEFAULT_ZONES
    return (min(z[0] for z in zones), min(z[1] for z in zones))


def zone_ranges(zones: Zones) -> dict[str, str]:
    """{"green": "0-3", "amber": "4-5", "red": "6-10"} for the zones (3, 5)."""
    green_max, amber_max = zones
    return {
        "green": f"0-{green_max}",
        "amber": f"{green_max + 1}-{amber_max}",
        "red": f"{amber_max + 1}-10",
    }


def resolve_bound(value: int | str, zones: Zones, *, upper: bool) -> int:
    """A zone name as a number: as an upper bound its top, as a lower bound its bottom."""
    if isinstance(value, int):
        return value
    green_max, amber_max = zones
    if upper:
        return {"green": green_max, "amber": amber_max, "red": 10}[value]
    return {"green": 0, "amber": green_max + 1, "red": amber_max + 1}[value]


def bound_words(max_: int | str | None, min_: int | str | None, zones: Zones) -> Words:
    if max_ is not None:
        return Words("{bound} or less", bound=resolve_bound(max_, zones, upper=True))
    return Words("{bound} or more", bound=resolve_bound(min_, zones, upper=False))
