"""Which prescribed exercises are unlocked today (PROTOCOLS.md section 3). Pure Python.

A prescription may carry an unlock condition: sessions tolerated, days in the phase, or a
physio check. Prescriptions sharing a group unlock together. The `sessions_tolerated`
groups form a chain: each unlocks after N more loading days in the phase whose sessions
were all green (the worse of pain during and after) and whose next morning was not up by
1 against baseline. Amber, or a next morning up by 1, restarts the count; a flare (a red
session, a next morning up by 2, or a flare acted on, consecutive dates counted once)
re-locks the last group unlocked and restarts the count. A day whose next morning has not
come, is missing, or has no baseline yet neither counts nor restarts.
"""

import datetime as dt
from dataclasses import dataclass

from protocols.vocabulary import MEASURE_WORDS
from protocols.words import Words
from protocols.zones import resolve_bound
from rehab.gates.checks.morning import morning_by_date, rise_on
from rehab.gates.types import PatientState

TOLERATED, RESTART, FLARE, WAITING = "tolerated", "restart", "flare", "waiting"


@dataclass(frozen=True)
class Group:
    key: str
    unlock: object  # protocols.schema.Unlock
    exercises: tuple[str, ...]


@dataclass(frozen=True)
class Locked:
    group: str
    exercises: tuple[str, ...]
    unlocks_after: str  # plain words
    remaining: int | None = None  # sessions or days still to go, where countable
    # The same words as a template for the reader's language; None for the clinic's label.
    unlocks_after_words: Words | None = None


@dataclass(frozen=True)
class UnlockStatus:
    unlocked: frozenset[str]  # exercise keys prescribed today
    locked: tuple[Locked, ...]  # in the order they unlock
    chain_done: bool  # every sessions-tolerated group unlocked
    done_since_last: int  # tolerated days with the last chain group's exercises since it opened

    @property
    def all_unlocked(self) -> bool:
        return not self.locked


def groups_of(prescriptions) -> tuple[Group, ...]:
    """The phase's unlock groups in the order their first prescription appears."""
    found: dict[str, Group] = {}
    for rx in prescriptions:
        if rx.unlock is None:
            continue
        group = found.get(rx.unlock.group)
        found[rx.unlock.group] = Group(
            rx.unlock.group, rx.unlock, (group.exercises if group else ()) + (rx.exercise,)
        )
    return tuple(found.values())


def day_verdicts(state: PatientState) -> dict[dt.date, str]:
    """Each loading day in the phase (and each day a next-morning flare showed) judged."""
    green = resolve_bound("green", state.zones, upper=True)
    amber = resolve_bound("amber", state.zones, upper=True)
    mornings = morning_by_date(state)
    worst: dict[dt.date, int] = {}
    for s in state.sessions:
        if state.in_phase(s):
            worst[s.date] = max(worst.get(s.date, 0), s.pain_during, s.pain_after)
    verdicts: dict[dt.date, str] = {}
    for day, pain in worst.items():
        if pain > amber:
            verdicts[day] = FLARE
            continue
        after = day + dt.timedelta(days=1)
        rise = rise_on(mornings, after) if after <= state.today else None
        if rise is not None and rise >= 2:
            verdicts[after] = FLARE  # dated on the morning that showed it
        if pain > green or (rise is not None and rise >= 1):
            verdicts[day] = RESTART
        else:
            verdicts[day] = TOLERATED if rise is not None else WAITING
    return verdicts


def flare_episodes(state: PatientState, verdicts: dict[dt.date, str]) -> list[dt.date]:
    """First dates of flare episodes in the phase; consecutive flare dates are one episode."""
    dates = {d for d, v in verdicts.items() if v == FLARE}
    dates |= {d for d in state.flare_dates if state.phase_started_on < d <= state.today}
    return [d for d in sorted(dates) if d - dt.timedelta(days=1) not in dates]


def unlock_status(state: PatientState, prescriptions=None) -> UnlockStatus:
    prescriptions = state.prescriptions if prescriptions is None else prescriptions
    groups = groups_of(prescriptions)
    open_ = {rx.exercise for rx in prescriptions if rx.unlock is None}
    chain = [g for g in groups if g.unlock.after == "sessions_tolerated"]
    verdicts = day_verdicts(state)
    flares = set(flare_episodes(state, verdicts))
    unlocked_n, count, done_since_last = 0, 0, 0
    last_exercises = set(chain[-1].exercises) if chain else set()
    exercises_on: dict[dt.date, set[str]] = {}
    for s in state.sessions:
        exercises_on.setdefault(s.date, set()).update(s.exercises)
    for day in sorted(set(verdicts) | flares):
        if day in flares:
            unlocked_n, count, done_since_last = max(unlocked_n - 1, 0), 0, 0
        verdict = verdicts.get(day)
        if verdict == RESTART:
            count = 0
            done_since_last = 0
        elif verdict == TOLERATED:
            if unlocked_n < len(chain):
                count += 1
                if count >= chain[unlocked_n].unlock.sessions:
                    unlocked_n, count, done_since_last = unlocked_n + 1, 0, 0
            elif exercises_on.get(day, set()) & last_exercises:
                done_since_last += 1
    unlocked = set(open_)
    locked: list[Locked] = []
    green = resolve_bound("green", state.zones, upper=True)
    for position, group in enumerate(chain):
        if position < unlocked_n:
            unlocked.update(group.exercises)
            continue
        more = group.unlock.sessions - count if position == unlocked_n else group.unlock.sessions
        if more == 1:
            words = Words(
                "{more} more session with pain {green} or less and a settled next morning",
                more=more,
                green=green,
            )
        else:
            words = Words(
                "{more} more sessions with pain {green} or less and a settled next morning",
                more=more,
                green=green,
            )
        if position > unlocked_n:
            words = Words("{words}, after the previous ones unlock", words=words)
        locked.append(_locked(group, words, more))
    for group in groups:
        if group.unlock.after == "sessions_tolerated":
            continue
        opened, words, remaining = _other_condition(group.unlock, state)
        if opened:
            unlocked.update(group.exercises)
        else:
            locked.append(_locked(group, words, remaining))
    unlocked -= {key for item in locked for key in item.exercises}  # locked in any group wins
    return UnlockStatus(
        frozenset(unlocked), tuple(locked), unlocked_n == len(chain), done_since_last
    )


def _locked(group: Group, words: Words, remaining: int | None) -> Locked:
    if group.unlock.label:  # the clinic's own words, as written
        return Locked(group.key, group.exercises, group.unlock.label, remaining)
    return Locked(group.key, group.exercises, str(words), remaining, words)


def _other_condition(unlock, state: PatientState) -> tuple[bool, Words, int | None]:
    if unlock.after == "days_in_phase":
        days = (state.today - state.phase_started_on).days
        more = unlock.days - days
        if more == 1:
            words = Words("{more} more day in this phase", more=more)
        else:
            words = Words("{more} more days in this phase", more=more)
        return more <= 0, words, max(more, 0)
    # A physio check: the newest record from the phase's start (and, after surgery, on or
    # after the surgery date) is the one read (PROTOCOLS.md 9.3-9.4).
    since = max(state.phase_started_on, state.surgery_date or dt.date.min)
    rows = sorted(
        (m for m in state.measurements if m.key == unlock.check and since <= m.date <= state.today),
        key=lambda m: m.order,
    )
    opened = bool(rows) and rows[-1].value >= 1
    check = Words(MEASURE_WORDS[unlock.check])
    return opened, Words("your physio confirms: {check}", check=check), None
