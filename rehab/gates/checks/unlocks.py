"""Exercise unlocks in the phase: every group open, and the last one done in N tolerated
sessions (PROTOCOLS.md section 3). Pure Python."""

from protocols.words import Words
from rehab.gates.types import result
from rehab.gates.unlocks import unlock_status


def exercises_unlocked(c, state):
    status = unlock_status(state)
    need = c.sessions_after_last
    if status.locked:
        names = ", ".join(item.group.replace("-", " ") for item in status.locked)
        words = Words(
            "still locked: {names} (next unlocks after {after})",
            names=names,
            after=status.locked[0].unlocks_after_words or status.locked[0].unlocks_after,
        )
        return result(c, state, False, len(status.locked), "all unlocked", words)
    if need and status.chain_done:
        done = status.done_since_last
        words = Words(
            "the last exercises unlocked were done in {done} settled sessions; the goal is {need}",
            done=done,
            need=need,
        )
        return result(c, state, done >= need, done, f">= {need}", words)
    words = Words("every exercise of this phase is unlocked")
    return result(c, state, True, 0, "all unlocked", words)
