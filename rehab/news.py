"""What changed for the patient, in plain words, for the Today screen: a move up (with
the physio's note), a move back and why, a flare's advice, what unlocks next, and a red
flag's advice while it is open.

Everything here is read from records the engine already keeps (transitions, the decision
ledger, the stored gate, open alerts). Each item has an `id` derived from what it is about
(the transition, the enrolment and date, the goals met), so every device names a card
alike; a card the patient has read ("Got it", `dismiss`) is left out on all of them.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from config.errors import Invalid, NotFound
from config.params import is_id
from protocols import localise
from rehab import gate_words
from rehab.models import ActedEvidence, Enrolment, NewsDismissal, PhaseTransition

NEWS_DAYS = 14  # a move stays news for two weeks
MOVED = (PhaseTransition.Status.APPLIED, PhaseTransition.Status.APPROVED)
PROTOCOL_WORDS = {
    "pht-loading": "tendon loading programme",
    "hamstring-avulsion": "hamstring avulsion programme",
    "return-to-run": "return-to-run plan",
}


def _plain(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


def _local_date(moment: dt.datetime, zone: ZoneInfo) -> dt.date:
    return moment.astimezone(zone).date()


def _move(transition: PhaseTransition, enrolment: Enrolment, zone: ZoneInfo) -> dict | None:
    """A move that happened: up (advance, approved review, override forward) or back."""
    to_phase = transition.to_phase
    on = _local_date(transition.decided_at or transition.created_at, zone)
    item = {
        "id": f"transition:{transition.pk}",
        "enrolment": enrolment.pk,
        "protocol": enrolment.protocol.slug,
        "on": on,
        # Phase names in the request's language (protocols/localise.py).
        "from_phase": localise.phase_name(transition.from_phase, enrolment.version),
        "to_phase": localise.phase_name(to_phase, enrolment.version) if to_phase else None,
        "note": "",
        "reasons": [],
        "advice": "",
    }
    going_up = to_phase is None or to_phase.index > transition.from_phase.index
    if transition.decision == PhaseTransition.Decision.OVERRIDE:
        # The override's reason is the physio's note to the patient.
        item["note"] = transition.note
        item["kind"] = "moved_up" if going_up else "moved_back"
        if not going_up:
            item["reasons"] = [transition.note] if transition.note else []
            item["note"] = ""
        return item
    if transition.decision == PhaseTransition.Decision.FLARE:
        rules = {row.rule for row in transition.ledger.all()}
        item["kind"] = "moved_back"
        item["reasons"] = [
            _plain(gate_words.reason(c))
            for c in transition.criteria
            if c.get("key") in rules and c.get("explanation")
        ]
        item["note"] = transition.note if transition.actor_id or transition.decided_by_id else ""
        item["advice"] = (
            _("Build up again from %(phase)s.")
            % {"phase": localise.phase_name(to_phase, enrolment.version)}
            if to_phase
            else ""
        )
        return item
    item["kind"] = "finished" if to_phase is None else "moved_up"
    item["note"] = transition.note
    return item


def _flare(enrolment: Enrolment) -> dict | None:
    """The stored gate's flare advice, while it is the latest word on this phase."""
    gate = enrolment.gate_snapshot or {}
    if gate.get("decision") != "flare" or gate.get("phase") != enrolment.current_phase.key:
        return None
    return {
        "id": f"flare:{enrolment.pk}:{gate.get('evaluated_on')}",
        "kind": "flare",
        "enrolment": enrolment.pk,
        "protocol": enrolment.protocol.slug,
        "on": gate.get("evaluated_on"),
        "reasons": [_plain(gate_words.reason(r)) for r in gate.get("flare_reasons", [])],
        "advice": gate.get("advice") or _("Ease off, and contact your physio."),
    }


def _next(enrolment: Enrolment) -> dict | None:
    """The next phase and the goals still to meet; its id changes as goals are met, so a
    dismissed card comes back with real progress."""
    gate = enrolment.gate_snapshot or {}
    if gate.get("phase") != enrolment.current_phase.key or gate.get("decision") == "flare":
        return None
    to_key = gate.get("to_phase")
    criteria = gate.get("criteria") or []
    if not to_key or not criteria:
        return None
    to_phase = next((p for p in enrolment.version.phases.all() if p.key == to_key), None)
    met = sum(1 for c in criteria if c.get("met"))
    return {
        "id": f"next:{enrolment.pk}:{to_key}:{met}",
        "kind": "next",
        "enrolment": enrolment.pk,
        "protocol": enrolment.protocol.slug,
        "to_phase": localise.phase_name(to_phase, enrolment.version) if to_phase else to_key,
        "mode": gate.get("mode"),
        "met": met,
        "total": len(criteria),
        "goals_left": [
            _plain(localise.label(enrolment.version, gate_words.label(c)))
            for c in criteria
            if not c.get("met")
        ],
    }


def news_for(*, patient, today: dt.date, open_red_flags=()) -> list[dict]:
    """The patient's news, most important first: open red flags, then moves and flares
    (newest first), then what unlocks next."""
    zone = ZoneInfo(patient.timezone)
    since = today - dt.timedelta(days=NEWS_DAYS)
    moves = PhaseTransition.objects.filter(status__in=MOVED).select_related(
        "from_phase", "to_phase"
    )
    moves = moves.prefetch_related(Prefetch("ledger", ActedEvidence.objects.only("rule")))
    enrolments = (
        Enrolment.objects.filter(patient=patient)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .select_related("protocol", "current_phase", "version")
        .prefetch_related(Prefetch("transitions", moves), "version__phases")
        .order_by("id")
    )
    red = [{"id": f"red_flag:{key}", "kind": "red_flag", "key": key} for key in open_red_flags]
    changes, upcoming = [], []
    for enrolment in enrolments:
        for transition in enrolment.transitions.all():
            item = _move(transition, enrolment, zone)
            if item and item["on"] >= since:
                changes.append(item)
        if enrolment.status != Enrolment.Status.ACTIVE:
            continue
        flare = _flare(enrolment)
        moved_back_on = {c["on"] for c in changes if c["enrolment"] == enrolment.pk}
        # A step back taken today already carries the flare's reasons and advice.
        if flare and dt.date.fromisoformat(str(flare["on"])) not in moved_back_on:
            changes.append(flare)
        if nxt := _next(enrolment):
            upcoming.append(nxt)
    changes.sort(key=lambda item: str(item["on"]), reverse=True)
    return red + _unread(patient, changes + upcoming)


def _unread(patient, items: list[dict]) -> list[dict]:
    if not items:
        return items
    read = set(
        NewsDismissal.objects.filter(
            patient=patient, card__in=[item["id"] for item in items]
        ).values_list("card", flat=True)
    )
    return [item for item in items if item["id"] not in read]


# The ids news_for makes, by what each card is about (a transition, or an enrolment).
CARD_IDS = {
    "transition": re.compile(r"transition:(\d{1,12})", re.ASCII),
    "enrolment": re.compile(
        r"(?:flare:(\d{1,12}):\d{4}-\d\d-\d\d|next:(\d{1,12}):[A-Za-z0-9_.-]{1,60}:\d{1,3})",
        re.ASCII,
    ),
}


def _about(card: str) -> tuple[str, str] | None:
    """What a well-formed card id is about: ("transition", pk) or ("enrolment", pk)."""
    for what, pattern in CARD_IDS.items():
        if match := pattern.fullmatch(card):
            pk = next(group for group in match.groups() if group)
            return (what, pk) if is_id(pk) else None
    return None


def dismiss(*, patient, card: str) -> NewsDismissal:
    """Remember that the patient read this card, for every device. Idempotent: a card read
    again (on a second phone, or a request replayed from the app's outbox) keeps its first
    row. A card about someone else's programme is not found; a red flag's advice cannot be
    dismissed (it stays on Today until the physio clears the flag)."""
    if card.startswith("red_flag:"):
        raise Invalid("A red flag's advice stays on Today until your physio clears the flag.")
    about = _about(card)
    if about is None:
        raise Invalid("This is not a news card's id (e.g. transition:12).")
    what, pk = about
    mine = (
        PhaseTransition.objects.filter(pk=pk, enrolment__patient=patient)
        if what == "transition"
        else Enrolment.objects.filter(pk=pk, patient=patient)
    )
    if not mine.exists():
        raise NotFound("No such news card.")
    dismissal, _created = NewsDismissal.objects.get_or_create(patient=patient, card=card)
    return dismissal
