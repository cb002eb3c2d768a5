"""load_protocols: idempotent, versioned, and refusing broken files before writing."""

import pytest
from django.core.management import CommandError, call_command

from protocols.models import Phase, Protocol, ProtocolVersion
from tests.protocols.builders import minimal, write

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_protocols")]


def load(directory):
    call_command("load_protocols", dir=directory)


def test_a_definition_loads_with_its_phases_exercises_and_gates(tmp_path):
    write(tmp_path, minimal())
    load(tmp_path)
    version = ProtocolVersion.objects.get()
    assert (version.protocol.slug, version.number, version.clinic) == ("mini", 1, None)
    assert [p.key for p in version.phases.all()] == ["one", "two"]
    assert version.exercises.get().key == "bridge_hold"
    rx = Phase.objects.get(key="one").prescriptions.get()
    assert (rx.sets, rx.hold_s, rx.sessions_per_week) == (5, 45, 7)
    (gate,) = version.parsed.gates
    assert (gate.from_phase, gate.to_phase, gate.mode) == ("one", "two", "review")
    assert gate.criteria[0].model_dump(exclude_none=True) == {"kind": "days_in_phase", "min": 14}


def test_phase_flags_for_running_and_step_backs_are_stored_with_the_phase(tmp_path):
    document = minimal()
    document["phases"][0].update(forbids_running=True, step_back_into=False)
    write(tmp_path, document)
    load(tmp_path)
    flags = {p.key: (p.forbids_running, p.step_back_into) for p in Phase.objects.all()}
    assert flags == {"one": (True, False), "two": (False, True)}


def test_changing_a_phase_flag_publishes_a_new_version(tmp_path):
    write(tmp_path, minimal())
    load(tmp_path)
    changed = minimal()
    changed["phases"][1]["forbids_running"] = True
    write(tmp_path, changed)
    load(tmp_path)
    v1, v2 = ProtocolVersion.objects.order_by("number")
    assert not v1.phases.get(key="two").forbids_running
    assert v2.phases.get(key="two").forbids_running


def test_loading_twice_changes_nothing(tmp_path):
    write(tmp_path, minimal())
    load(tmp_path)
    load(tmp_path)
    assert ProtocolVersion.objects.count() == 1
    assert Phase.objects.count() == 2


def test_a_changed_threshold_publishes_version_2_and_leaves_version_1_as_it_was(tmp_path):
    write(tmp_path, minimal())
    load(tmp_path)
    changed = minimal()
    changed["gates"][0]["criteria"][0]["min"] = 21
    write(tmp_path, changed)
    load(tmp_path)
    v1, v2 = ProtocolVersion.objects.order_by("number")
    assert (v1.number, v2.number) == (1, 2)
    assert v1.parsed.gates[0].criteria[0].min == 14
    assert v2.parsed.gates[0].criteria[0].min == 21


def test_a_published_version_cannot_be_edited(tmp_path):
    from django.core.exceptions import ValidationError

    write(tmp_path, minimal())
    load(tmp_path)
    version = ProtocolVersion.objects.get()
    version.source = "edited"
    with pytest.raises(ValidationError):
        version.save()


def _broken(**changes):
    document = minimal()
    for path, value in changes.items():
        target = document
        *parents, last = path.split(".")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is _DELETE:
            del target[int(last) if last.isdigit() else last]
        else:
            target[int(last) if last.isdigit() else last] = value
    return document


_DELETE = object()

BROKEN = [
    pytest.param(
        _broken(**{"gates.0.criteria.0.kind": "days_in_fase"}),
        "gates[0].criteria[0]",
        "does not match any of the expected tags",
        id="unknown criterion",
    ),
    pytest.param(
        _broken(**{"phases.0.colour": "red"}),
        "phases[0].colour",
        "Extra inputs are not permitted",
        id="unknown field",
    ),
    pytest.param(
        _broken(**{"gates.0.criteria.1.field": "pain_rest"}),
        "gates[0].criteria[1]",
        "'pain_rest' is not a session field",
        id="unknown log field",
    ),
    pytest.param(
        _broken(**{"gates.0.criteria.0.min": "fourteen"}),
        "gates[0].criteria[0].min",
        "valid integer",
        id="wrong type",
    ),
    pytest.param(
        _broken(**{"rules.pain_zones.green_max": 12}),
        "rules.pain_zones.green_max",
        "less than or equal to 9",
        id="out of range",
    ),
    pytest.param(
        _broken(**{"gates.0.to": "three"}),
        "gates[0].to",
        "gate to a missing phase 'three'",
        id="gate to a missing phase",
    ),
    pytest.param(
        _broken(**{"gates": []}),
        "phases[1]",
        "phase 'two' cannot be reached from a start phase",
        id="unreachable phase",
    ),
    pytest.param(
        _broken(
            gates=minimal()["gates"]
            + [
                {
                    "from": "two",
                    "to": "one",
                    "mode": "auto",
                    "criteria": [{"kind": "days_in_phase", "min": 1}],
                }
            ]
        ),
        "gates",
        "the gates form a cycle: one -> two -> one",
        id="cycle",
    ),
    pytest.param(
        _broken(**{"phases.0.prescriptions.0.exercise": "nordic"}),
        "phases[0].prescriptions[0].exercise",
        "exercise 'nordic' is not in this protocol's exercise library",
        id="exercise not in the library",
    ),
]


@pytest.mark.parametrize(("document", "where", "problem"), BROKEN)
def test_a_broken_file_is_refused_naming_file_and_path_and_nothing_is_written(
    tmp_path, document, where, problem
):
    write(tmp_path, minimal(slug="aaa-good"), name="aaa-good")  # a good file loads first...
    write(tmp_path, document)
    with pytest.raises(CommandError) as raised:
        load(tmp_path)
    message = str(raised.value)
    assert f"mini.yaml: {where}:" in message
    assert problem in message
    assert Protocol.objects.count() == 0  # ...but nothing of it was written
    assert ProtocolVersion.objects.count() == 0


def test_a_file_that_is_not_yaml_is_refused_with_its_line(tmp_path):
    (tmp_path / "mini.yaml").write_text("slug: mini\nname: [unclosed\n")
    with pytest.raises(CommandError) as raised:
        load(tmp_path)
    assert "mini.yaml: line 3" in str(raised.value)
    assert "not valid YAML" in str(raised.value)


def test_a_slug_that_differs_from_the_file_name_is_refused(tmp_path):
    write(tmp_path, minimal(), name="other")
    with pytest.raises(
        CommandError, match="other.yaml: slug: slug 'mini' must match the file name"
    ):
        load(tmp_path)
