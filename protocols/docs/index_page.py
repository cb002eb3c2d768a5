"""The index page: the protocols, what patients log, the red flags, measures and the
criterion kinds, from protocols/vocabulary.py."""

from protocols.docs.text import EDITABLE, SUPPORTS, table
from protocols.schema import Definition
from protocols.vocabulary import CODE_WORDS, FIELD_WORDS, MEASURES, RED_FLAGS, SOURCE_FIELDS


def index_page(definitions: list[Definition]) -> str:
    lines = [
        "# Clinical rules",
        "",
        "*Generated from `protocols/definitions/` and `protocols/vocabulary.py` by `make docs` "
        "(`manage.py write_protocol_docs`); a test fails when these pages differ from what "
        "ships. Edit the definition files, not these pages.*",
        "",
        SUPPORTS,
        "",
        EDITABLE,
        "",
        "## Protocols",
        "",
    ]
    rows = [
        (
            f"[{d.name}]({d.slug}.md)",
            d.condition,
            ", ".join(t.name for t in d.tracks),
            len(d.phases),
            len(d.gates),
        )
        for d in definitions
    ]
    lines += table(("Protocol", "Condition", "Tracks", "Phases", "Gates"), rows)
    lines += [
        "A gate moves a patient from one phase to the next when every criterion holds. "
        "Hold and flare rules are checked after every log and every night; a flare alerts "
        "the physio. Pain zones come from each protocol's file.",
        "",
        "## What patients log",
        "",
    ]
    what = {"checkin": "Daily check-in", "session": "Exercise session", "run": "Run"}
    rows = [
        (what[s], ", ".join(f"{FIELD_WORDS[f]} (`{f}`)" for f in fields))
        for s, fields in SOURCE_FIELDS.items()
    ]
    lines += table(("Record", "Fields"), rows)
    lines += [
        "## Red flags",
        "",
        "Fixed in the software (`protocols/vocabulary.py`), not by a clinic copy. Every red "
        "flag alerts the physio; an urgent one also shows the patient its advice.",
        "",
    ]
    rows = [
        (
            f"`{f.key}`",
            f.severity,
            f.message,
            f.question or "(raised by the app)",
            f.advice,
            ", ".join(
                w for w, on in (("loading", f.stops_loading), ("running", f.stops_running)) if on
            )
            or "-",
        )
        for f in RED_FLAGS
    ]
    lines += table(
        (
            "Flag",
            "Severity",
            "The physio's alert",
            "The patient is asked",
            "Advice to the patient",
            "Stops",
        ),
        rows,
    )
    lines += ["## Measures and tests", ""]
    rows = [
        (f"`{m.key}`", m.label, m.group, measure_values(m), "yes" if m.per_side else "")
        for m in MEASURES
    ]
    lines += table(("Key", "Name", "Group", "Values", "Per side"), rows)
    lines += ["## Criterion kinds", ""]
    lines += table(("Kind", "Checks"), [(f"`{k}`", w) for k, w in CODE_WORDS["criteria"].items()])
    return "\n".join(lines).rstrip() + "\n"


UNIT_WORDS = {"%": "% of the other leg", "reps": "repetitions", "s": "seconds", "min": "minutes"}


def measure_values(m) -> str:
    if m.group in ("check", "clearance"):
        return "1 (yes) or 0 (no)"
    if m.group == "provocation":
        return "1 (positive) or 0 (negative)"
    if m.group == "outcome":
        return f"score {m.low:g}-{m.high:g}"
    methods = f"; tested {' or '.join(m.methods)}" if m.methods else ""
    return UNIT_WORDS[m.unit] + methods
