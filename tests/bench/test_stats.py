"""The benchmarks' pure helpers (the benchmarks themselves run with `make bench`)."""

import pytest

from bench.report import table
from bench.stats import growth_factor, percentile, ratio


def test_percentile_is_the_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 50) == 50
    assert percentile(values, 99) == 99
    assert percentile(values, 100) == 100


def test_percentile_of_one_value_is_that_value():
    assert percentile([7.5], 50) == 7.5
    assert percentile([7.5], 99) == 7.5


def test_percentile_ignores_input_order():
    assert percentile([9, 1, 5, 3, 7], 50) == 5


def test_percentile_of_nothing_is_an_error():
    with pytest.raises(ValueError):
        percentile([], 50)


def test_ratio_is_none_without_a_floor():
    assert ratio(10, 0) is None
    assert ratio(10, 40) == 0.25


def test_growth_factor_is_one_when_time_grows_with_size():
    assert growth_factor((10_000, 50.0), (20_000, 100.0)) == 1.0
    assert growth_factor((10_000, 50.0), (20_000, 150.0)) == 1.5


def test_table_lines_up_its_columns():
    lines = table([["write path", "requests/s", "300", "330", "0.91"]]).splitlines()
    assert lines[0].startswith("| benchmark")
    assert len({len(line) for line in lines}) == 1
