"""Phase stays from an enrolment's moves: pure helpers, no database.

A move is a transition that changed the phase: applied (auto advance, flare step back,
override) or approved by the physio. The first stay begins on the enrolment's start date;
each move ends one stay and begins the next on the patient's local date of the move.
"""

import datetime as dt
import statistics
import zoneinfo
from dataclasses import dataclass

MOVED = ("applied", "approved")


@dataclass(frozen=True)
class Move:
    on: dt.date
    from_key: str
    from_name: str
    to_key: str | None  # None: the programme was completed
    to_name: str | None


@dataclass(frozen=True)
class Stay:
    key: str
    name: str
    start: dt.date
    end: dt.date | None  # None: the patient is in this phase now

    def days(self, today: dt.date) -> int:
        return ((self.end or today) - self.start).days


def stays(*, start: dt.date, first_key: str, first_name: str, moves: list[Move]) -> list[Stay]:
    """The phases in the order the patient was in them, with their dates."""
    out: list[Stay] = []
    key, name, since = first_key, first_name, start
    for move in sorted(moves, key=lambda m: m.on):
        if move.to_key == key:
            continue  # a flare at the first phase: the patient stayed
        out.append(Stay(key, name, since, move.on))
        if move.to_key is None:
            return out
        key, name, since = move.to_key, move.to_name or move.to_key, move.on
    out.append(Stay(key, name, since, None))
    return out


def move_date(transition, tz_name: str) -> dt.date:
    """The local date a phase changed: approval day for approvals, else evaluation day."""
    if transition.status == "approved" and transition.decided_at:
        return transition.decided_at.astimezone(zoneinfo.ZoneInfo(tz_name)).date()
    return transition.evaluated_on


def enrolment_stays(enrolment) -> list[Stay]:
    """Stays of an enrolment whose transitions (with from/to phases) are loaded."""
    moves = [
        Move(
            move_date(t, enrolment.patient.timezone),
            t.from_phase.key,
            t.from_phase.name,
            t.to_phase.key if t.to_phase_id else None,
            t.to_phase.name if t.to_phase_id else None,
        )
        for t in sorted(enrolment.transitions.all(), key=lambda t: (t.created_at, t.pk))
        if t.status in MOVED
    ]
    if moves:
        first = sorted(moves, key=lambda m: m.on)[0]  # stable: same-day moves keep their order
        first_key, first_name = first.from_key, first.from_name
    else:
        first_key, first_name = enrolment.current_phase.key, enrolment.current_phase.name
    return stays(
        start=enrolment.start_date, first_key=first_key, first_name=first_name, moves=moves
    )


def median_or_none(values) -> float | int | None:
    """The median to one decimal (a whole number as an int), None with no values."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    median = round(statistics.median(values), 1)
    return int(median) if median == int(median) else median
