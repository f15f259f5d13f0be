"""Figures as a student reads them on the pages (pages.shared formatting helpers)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("value", "decimals", "unit", "shown"), [
    (-0.0004, 1, "pp", "0.0 pp"), (-1e-9, 4, "", "0.0000"), (0.0, 1, "pp", "0.0 pp"),
    (0.06, 1, "pp", "+0.1 pp"), (-13.74, 1, "pp", "-13.7 pp"), (2.5, 4, "", "+2.5000")])
def test_a_signed_figure_is_never_minus_zero(value, decimals, unit, shown) -> None:
    from pages.shared import signed

    assert signed(value, decimals, unit) == shown
