"""Markdown helpers and the notes every page of the clinical rules carries."""

SUPPORTS = (
    "> **This software supports clinicians; it does not diagnose.** It records what the "
    "patient logs and what the physio measures, checks each gate against the criteria "
    "below and explains every decision. A review gate only proposes a move: the treating "
    "physio approves or declines it. A red flag always alerts a person."
)
EDITABLE = (
    "**Clinic-editable defaults.** Every number in **bold** comes from the definition file "
    "and is a default that a clinic may change: a clinic admin publishes the clinic's own "
    "copy of the protocol (admin: Protocol versions, *Clinic copy*), and the clinic's "
    "patients on that copy are judged by its numbers. A criterion's words, as the app shows "
    "them, carry the same numbers. Numbers not in bold are fixed by the software (such as "
    "the 0-10 pain scale)."
)


def b(value) -> str:
    """A clinic-editable number, in bold."""
    return f"**{value:g}**" if isinstance(value, float) else f"**{value}**"


def cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def table(header: tuple[str, ...], rows: list[tuple]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines + [""]
