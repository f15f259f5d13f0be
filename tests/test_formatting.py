"""Figures as a student reads them on the pages (pages.shared formatting helpers)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("value", "decimals", "unit", "shown"), [
    (-0.0004, 1, "pp", "0.0 pp"), (-1e-9, 4, "", "0.0000"), (0.0, 1, "pp", "0.0 pp"),
    (0.06, 1, "pp", "+0.1 pp"), (-13.74, 1, "pp", "-13.7 pp"), (2.5, 4, "", "+2.5000")])
def test_a_signed_figure_is_never_minus_zero(value, decimals, unit, shown) -> None:
    from pages.shared import signed

    assert signed(value, decimals, unit) == shown


@pytest.mark.parametrize(("options", "value", "snapped"), [
    ((0.01, 0.02, 0.05, 0.1), 0.03, 0.02), ((0.01, 0.02, 0.05, 0.1), 0.04, 0.05),
    ((1, 10, 100), 1e-12, 1), ((1, 10, 100), 1e9, 100), ((10, 20, 50), 0, 10),
    ((10, 20, 50), -5, 10), ((5, 10, 20, 50), 37, 50)])
def test_one_snap_to_a_grid_on_a_log_scale(options, value, snapped) -> None:
    # the lab's learning rate, the gradient page's learning rate, page 1's subset size
    from pages.shared import nearest_on_log_scale

    assert nearest_on_log_scale(options, value) == snapped
