"""Running paused (PROTOCOLS.md 9.9): entering a phase that forbids running, or an open
`bone_stress`, `post_op` or `suspected_avulsion` flag, pauses the patient's return-to-run
plan: no runs are prescribed and no level is gained until the physio resumes it at a level
they choose."""

from django.utils import timezone

from protocols.vocabulary import RED_FLAGS
from rehab.models import Enrolment

STOPS_RUNNING = tuple(f.key for f in RED_FLAGS if f.stops_running)


def running_plans(patient_id: int):
    return Enrolment.objects.filter(
        patient_id=patient_id,
        status=Enrolment.Status.ACTIVE,
        current_phase__run_plan__isnull=False,
    )


def pause_running(*, patient_id: int, reason: str) -> int:
    """Pause every active return-to-run plan of the patient that is not paused yet."""
    return (
        running_plans(patient_id)
        .filter(running_paused_since__isnull=True)
        .update(running_paused_since=timezone.now(), running_paused_reason=reason)
    )


def pause_for_red_flags(*, patient_id: int, keys) -> None:
    stopping = [key for key in keys if key in STOPS_RUNNING]
    if stopping:
        words = ", ".join(key.replace("_", " ") for key in stopping)
        pause_running(patient_id=patient_id, reason=f"Red flag: {words}.")


def pause_for_phase(enrolment: Enrolment) -> None:
    """The enrolment just entered its current phase: pause running if it forbids it."""
    phase = enrolment.current_phase
    if phase.forbids_running and phase.run_plan is None:
        pause_running(
            patient_id=enrolment.patient_id,
            reason=f"Running is not allowed in {phase.name} of {enrolment.protocol.name}.",
        )
