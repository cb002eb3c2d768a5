"""Small pure helpers for the numbers the benchmarks report."""

import math


def percentile(values: list[float], percent: float) -> float:
    """The nearest-rank percentile: the smallest value with `percent`% of values at or below it."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


def per_second(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else 0.0


def ratio(ours: float, floor: float) -> float | None:
    """ours / floor, or None when there is no floor to compare with."""
    return ours / floor if floor else None


def growth_factor(small: tuple[int, float], large: tuple[int, float]) -> float:
    """How time grows with size: 1.0 is linear, above 1 is worse than linear.

    Each argument is (size, seconds); the result is (time ratio) / (size ratio).
    """
    (small_size, small_seconds), (large_size, large_seconds) = small, large
    return (large_seconds / small_seconds) / (large_size / small_size)


def megabytes(n_bytes: float) -> float:
    return n_bytes / (1024 * 1024)
