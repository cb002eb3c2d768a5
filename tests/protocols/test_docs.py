"""docs/protocols: the clinical rules, written from the definition files, never drift."""

import pytest
from django.core.management import CommandError, call_command

from protocols.docs import render_pages
from protocols.management.commands.write_protocol_docs import DOCS_DIR, stale_pages
from protocols.schema import validate_definition
from protocols.services import read_definitions
from tests.protocols.builders import minimal, write


def page_of(document: dict) -> str:
    definition = validate_definition(document, source="test")
    return render_pages([definition])[f"{definition.slug}.md"]


def test_the_committed_pages_are_what_the_shipped_definition_files_give():
    stale = stale_pages(DOCS_DIR, render_pages(read_definitions()))
    assert not stale, f"docs/protocols is out of date ({', '.join(stale)}): run `make docs`"


def test_every_shipped_protocol_has_a_page_and_a_line_in_the_index():
    pages = render_pages(read_definitions())
    for slug in ("pht-loading", "hamstring-avulsion", "return-to-run"):
        assert f"]({slug}.md)" in pages["README.md"]
        assert "it does not diagnose" in pages[f"{slug}.md"]


def test_a_gate_threshold_is_shown_in_bold_as_a_clinic_editable_default():
    document = minimal()
    assert "| at least 14 days in this phase | `days_in_phase` · `min` **14** |" in page_of(
        document
    )
    document["gates"][0]["criteria"][0]["min"] = 21
    page = page_of(document)
    assert "| at least 21 days in this phase | `days_in_phase` · `min` **21** |" in page
    assert "Every number in **bold** comes from the definition file" in page


def test_zone_bounds_follow_the_protocols_own_pain_zones():
    document = minimal()
    document["rules"]["pain_zones"] = {"green_max": 2, "amber_max": 6}
    page = page_of(document)
    assert "green 0-**2**, amber **3**-**6**, red **7**-10" in page
    assert "`min` amber (**3**)" in page  # the hold rule's "amber or worse"


def test_a_prescription_shows_its_dose_and_when_it_is_prescribed():
    page = page_of(minimal())
    assert "| Bridge hold | **5** × **45** s |  | **7** a week | from the start |  |" in page


def test_the_command_writes_the_pages_and_check_fails_naming_a_stale_one(tmp_path):
    definitions, out = tmp_path / "definitions", tmp_path / "docs"
    definitions.mkdir()
    write(definitions, minimal())
    call_command("write_protocol_docs", dir=definitions, out=out)
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "mini.md"]
    call_command("write_protocol_docs", dir=definitions, out=out, check=True)

    (out / "old-protocol.md").write_text("a protocol no longer shipped")
    changed = minimal()
    changed["gates"][0]["criteria"][0]["min"] = 21
    write(definitions, changed)
    with pytest.raises(CommandError, match=r"mini\.md, old-protocol\.md\): run `make docs`"):
        call_command("write_protocol_docs", dir=definitions, out=out, check=True)
    call_command("write_protocol_docs", dir=definitions, out=out)
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "mini.md"]
    assert "`min` **21**" in (out / "mini.md").read_text()
