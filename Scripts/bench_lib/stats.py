"""Statistics and formatting for Scripts/bench: percentiles, 'median (min–max)' over runs.

Not meant to be run on its own."""

import math
import statistics


def percentile(sorted_values, p):
    """Nearest-rank percentile of an ascending list (p in 0–100)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def number(value, decimals):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:,.{decimals}f}"


def summary(values, decimals=0):
    """(median, 'min–max') of the runs' values as text; a single run gives (value, '—')."""
    values = [v for v in values if v is not None]
    if not values:
        return "n/a", "—"
    median = number(statistics.median(values), decimals)
    if len(values) == 1:
        return median, "—"
    return median, f"{number(min(values), decimals)}–{number(max(values), decimals)}"
