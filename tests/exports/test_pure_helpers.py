"""Pure helpers of the exports, tested without a database."""

import datetime as dt
from decimal import Decimal

import pytest

from exports import charts, codes, csv_export
from exports.timeline import Move, median_or_none, stays

D = dt.date(2026, 3, 1)


def day(n: int) -> dt.date:
    return D + dt.timedelta(days=n)


def test_a_patient_without_moves_has_one_stay_running_now():
    result = stays(start=D, first_key="stage-1", first_name="Isometric", moves=[])
    assert [(s.key, s.start, s.end) for s in result] == [("stage-1", D, None)]
    assert result[0].days(day(9)) == 9


def test_moves_split_the_programme_into_dated_stays_and_completion_ends_it():
    moves = [
        Move(day(30), "stage-2", "Isotonic", None, None),
        Move(day(10), "stage-1", "Isometric", "stage-2", "Isotonic"),
    ]
    result = stays(start=D, first_key="stage-1", first_name="Isometric", moves=moves)
    assert [(s.key, s.days(day(99))) for s in result] == [("stage-1", 10), ("stage-2", 20)]
    assert result[-1].end == day(30)


def test_a_flare_at_the_first_phase_is_not_a_move():
    moves = [Move(day(5), "level-1", "Level 1", "level-1", "Level 1")]
    result = stays(start=D, first_key="level-1", first_name="Level 1", moves=moves)
    assert len(result) == 1 and result[0].end is None


def test_a_step_back_opens_a_second_stay_in_the_earlier_phase():
    moves = [Move(day(7), "a", "A", "b", "B"), Move(day(9), "b", "B", "a", "A")]
    result = stays(start=D, first_key="a", first_name="A", moves=moves)
    assert [(s.key, s.days(day(12))) for s in result] == [("a", 7), ("b", 2), ("a", 3)]


def test_the_median_skips_missing_values_and_is_none_when_empty():
    assert median_or_none([3, None, 5, 10]) == 5
    assert median_or_none([]) is None


@pytest.mark.parametrize(
    "protocol, side, code",
    [
        ("pht-loading", "right", "M76.891"),
        ("pht-loading", "left", "M76.892"),
        ("hamstring-avulsion", "right", "S76.311D"),
        ("hamstring-avulsion", "left", "S76.312D"),
    ],
)
def test_conditions_take_the_icd10cm_code_of_protocol_and_side(protocol, side, code):
    assert codes.CONDITION_CODES[(protocol, side)][0] == code


def test_return_to_run_has_no_condition_code_of_its_own():
    assert not [key for key in codes.CONDITION_CODES if key[0] == "return-to-run"]


@pytest.mark.parametrize(
    "key, value, side, words",
    [
        ("phat", Decimal("68.00"), "", "68/100"),
        ("knee_flexion_lsi", Decimal("85.5"), "", "85.5%"),
        ("knee_flexion_lsi", Decimal("42"), "left", "42"),
        ("single_leg_balance_s", 20, "", "20 s"),
        ("normal_gait", 1, "", "yes"),
        ("puranen_orava", 0, "", "negative"),
    ],
)
def test_measurements_read_in_clinicians_words(key, value, side, words):
    assert codes.measure_value(key, value, side) == words


@pytest.mark.parametrize(
    "value, cell",
    [
        (None, ""),
        (True, "1"),
        (["neuro", "sciatic"], "neuro;sciatic"),
        ([{"exercise": "x", "sets": 3}], '[{"exercise":"x","sets":3}]'),
        (D, "2026-03-01"),
    ],
)
def test_csv_cells_are_plain_text(value, cell):
    assert csv_export.cell(value) == cell


@pytest.mark.parametrize("note", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x"])
def test_free_text_that_a_spreadsheet_would_run_is_defused(note):
    assert csv_export.cell(note, text=True) == "'" + note
    assert csv_export.cell(note) == note  # only free-text columns are touched


def test_a_chart_draws_one_line_per_series_and_escapes_names():
    series = [
        charts.Series("<rest>", "#000", [(day(0), 2), (day(3), 4)]),
        charts.Series("Morning", "#111", [(day(1), 5)]),
    ]
    svg = charts.line_chart(series, y_max=10, y_step=2, label="Pain")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<polyline") == 2
    assert "&lt;rest&gt;" in svg and "<rest>" not in svg


def test_a_chart_with_nothing_to_draw_says_so():
    svg = charts.line_chart([charts.Series("PHAT", "#000")], y_max=100, y_step=20, label="x")
    assert "Nothing recorded yet." in svg


def test_a_single_day_chart_does_not_divide_by_zero():
    svg = charts.line_chart([charts.Series("a", "#000", [(D, 3)])], y_max=10, y_step=2, label="x")
    assert "<circle" in svg


def test_the_timeline_bar_gives_every_phase_a_segment():
    svg = charts.timeline_bar([("Isometric", 20), ("Isotonic", 0)], label="Phases")
    assert svg.count("<rect") == 2 and "Isometric (20 d)" in svg
