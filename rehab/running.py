"""Running paused (PROTOCOLS.md 9.9): entering a phase that forbids running, or an open
`bone_stress`, `post_op` or `suspected_avulsion` flag, pauses the patient's return-to-run
plan: no runs are prescribed and no level is gained until the physio resumes it at a level
they choose.

The reason is stored twice: the English for staff, exports and the API, and its words
(protocols/words.py) for the patient to read in their own language."""

from django.utils import timezone

from protocols import localise
from protocols.models import ProtocolVersion
from protocols.vocabulary import RED_FLAG_WORDS, RED_FLAGS
from protocols.words import Words
from rehab import gate_words
from rehab.models import Enrolment

STOPS_RUNNING = tuple(f.key for f in RED_FLAGS if f.stops_running)


def running_plans(patient_id: int):
    return Enrolment.objects.filter(
        patient_id=patient_id,
        status=Enrolment.Status.ACTIVE,
        current_phase__run_plan__isnull=False,
    )


def pause_running(*, patient_id: int, reason: str, words: dict | None = None) -> int:
    """Pause every active return-to-run plan of the patient that is not paused yet."""
    return (
        running_plans(patient_id)
        .filter(running_paused_since__isnull=True)
        .update(
            running_paused_since=timezone.now(),
            running_paused_reason=reason,
            running_paused_words=words,
        )
    )


def pause_for_red_flags(*, patient_id: int, keys) -> None:
    stopping = [key for key in keys if key in STOPS_RUNNING]
    if stopping:
        english = ", ".join(key.replace("_", " ") for key in stopping)
        # The patient reads each flag in their words, as the gate names it.
        names = Words(RED_FLAG_WORDS[stopping[-1]])
        for key in reversed(stopping[:-1]):
            names = Words("{first}, {rest}", first=Words(RED_FLAG_WORDS[key]), rest=names)
        pause_running(
            patient_id=patient_id,
            reason=f"Red flag: {english}.",
            words=Words("Red flag: {words}.", words=names).as_dict(),
        )


def pause_for_phase(enrolment: Enrolment) -> None:
    """The enrolment just entered its current phase: pause running if it forbids it."""
    phase = enrolment.current_phase
    if phase.forbids_running and phase.run_plan is None:
        words = Words(
            "Running is not allowed in {phase} of {protocol}.",
            phase=phase.name,
            protocol=enrolment.protocol.name,
        )
        # The names are the protocol's own words, not the catalogue's: keep where to find
        # them in another language (protocols/localise.py).
        names_of = {"version": enrolment.version_id, "phase": phase.key}
        pause_running(
            patient_id=enrolment.patient_id,
            reason=str(words),
            words={**words.as_dict(), "names_of": names_of},
        )


def paused_reason(enrolment: Enrolment, versions=None) -> str | None:
    """Why running is paused, in the request's language; None: it is not. `versions` (by
    id) saves a query when the caller holds the version a phase's pause names."""
    if not enrolment.running_paused_reason:
        return None
    words = enrolment.running_paused_words
    if words and "names_of" in words:
        words = _names_in_language(words, versions or {})
    return gate_words.in_language(words, enrolment.running_paused_reason)


def _names_in_language(words: dict, versions: dict) -> dict:
    names_of = words["names_of"]
    version = versions.get(names_of["version"])
    if version is None:
        version = ProtocolVersion.objects.filter(pk=names_of["version"]).first()
        if version is None:
            return words
    params = words["params"]
    return {
        **words,
        "params": {
            "phase": localise.phase_name_of(version, names_of["phase"], params["phase"]),
            "protocol": localise.protocol_name(version, params["protocol"]),
        },
    }
