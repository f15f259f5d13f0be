"""Charts for the loss-function page: the output y, each class's share of a loss, loss curves.

Builders take a tidy DataFrame and a dict of translated labels and return an Altair chart;
the *_frame helpers turn NumPy arrays into those DataFrames (pure NumPy/pandas, no Streamlit).
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from core.charts.theme import OKABE_ITO, categorical
from core.functions import DELTA  # the book's delta: log(0) would be -inf

CORRECT_COLOUR, OTHER_COLOUR = OKABE_ITO[3], OKABE_ITO[5]
CURVE_POINTS = 201


# ------------------------------------------------------------------ data frames
def mse_contributions(y: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Each class's term of the mean squared error, 1/2 (y_k - t_k)^2 (they sum to the loss)."""
    return 0.5 * (np.asarray(y, dtype=float) - np.asarray(t, dtype=float)) ** 2


def cross_entropy_contributions(y: np.ndarray, t: np.ndarray, delta: float = DELTA) -> np.ndarray:
    """Each class's term of the cross-entropy error, -t_k log(y_k + delta)."""
    y, t = np.asarray(y, dtype=float), np.asarray(t, dtype=float)
    # Only the correct class has t_k != 0; 0 * log(...) stays 0 because delta keeps log finite.
    return -t * np.log(y + delta)


def output_frame(y: np.ndarray, correct: int, class_names: Sequence[str],
                 roles: tuple[str, str]) -> pd.DataFrame:
    """One row per class: its name, its probability and whether it is the correct class."""
    correct_role, other_role = roles
    return pd.DataFrame({
        "order": np.arange(len(y)),
        "class": list(class_names),
        "value": np.asarray(y, dtype=float),
        "role": [correct_role if k == correct else other_role for k in range(len(y))],
    })


def contribution_frame(contributions: np.ndarray, correct: int, class_names: Sequence[str],
                       roles: tuple[str, str]) -> pd.DataFrame:
    """Same shape as output_frame, holding each class's contribution to one loss."""
    return output_frame(contributions, correct, class_names, roles)


def curve_frame(n_classes: int, p_current: float, current: tuple[float, float],
                loss_names: tuple[str, str], points: int = CURVE_POINTS) -> pd.DataFrame:
    """Both losses as the correct class's probability p goes 0 -> 1, the rest spread evenly.

    Columns p, value, loss, kind: "curve" rows, then one "current" row per loss holding the
    live (MSE, CE) values at p_current. Cross-entropy depends on p alone, so its point lies on
    the curve; the MSE point leaves it when the wrong classes do not share the rest evenly.
    """
    mse_name, ce_name = loss_names
    p = np.linspace(0.0, 1.0, points)
    rest = (1.0 - p) / (n_classes - 1)
    # MSE: (1-p)^2 for the correct class plus (n-1) equal wrong terms rest^2, halved.
    mse = 0.5 * ((1.0 - p) ** 2 + (n_classes - 1) * rest**2)
    ce = -np.log(p + DELTA)
    return pd.DataFrame({
        "p": np.concatenate([p, [p_current], p, [p_current]]),
        "value": np.concatenate([mse, [current[0]], ce, [current[1]]]),
        "loss": [mse_name] * (points + 1) + [ce_name] * (points + 1),
        "kind": (["curve"] * points + ["current"]) * 2,
    })


def delta_frame(variant_names: tuple[str, str], lo_exp: int = -12, points: int = 121) -> pd.DataFrame:
    """-log(p) and -log(p + delta) for p from 10^lo_exp to 1 (log-spaced)."""
    without, with_delta = variant_names
    p = np.logspace(lo_exp, 0, points)
    return pd.concat([
        pd.DataFrame({"p": p, "value": -np.log(p), "variant": without}),
        pd.DataFrame({"p": p, "value": -np.log(p + DELTA), "variant": with_delta}),
    ], ignore_index=True)


# ------------------------------------------------------------------ charts
def class_bars(df: pd.DataFrame, labels: dict[str, str], height: int | None = None) -> alt.Chart:
    """Bars per class (probability or a loss contribution), the correct class highlighted.

    labels: title, x, y, role (legend title), correct, other (the two role names).
    """
    roles = [labels["correct"], labels["other"]]
    return alt.Chart(df, title=labels["title"]).mark_bar().encode(
        x=alt.X("class:N", title=labels["x"], sort=alt.SortField("order"),
                axis=alt.Axis(labelAngle=0, labelOverlap=False)),  # every class named
        y=alt.Y("value:Q", title=labels["y"]),
        color=alt.Color("role:N", title=labels["role"],
                        scale=alt.Scale(domain=roles, range=[CORRECT_COLOUR, OTHER_COLOUR])),
        tooltip=[
            alt.Tooltip("class:N", title=labels["x"]),
            alt.Tooltip("value:Q", title=labels["y"], format=".4f"),
            alt.Tooltip("role:N", title=labels["role"]),
        ],
    ).properties(height=height or 320)


def loss_curves(df: pd.DataFrame, labels: dict[str, str], height: int = 260) -> alt.FacetChart:
    """Each loss against the correct class's probability, one panel per loss, current point marked.

    labels: title, x, y, loss (panel/legend title), current (the marker's name).
    """
    base = alt.Chart(df)
    colour = alt.Color("loss:N", title=labels["loss"], scale=categorical(), legend=None)
    tooltip = [
        alt.Tooltip("loss:N", title=labels["loss"]),
        alt.Tooltip("p:Q", title=labels["x"], format=".3f"),
        alt.Tooltip("value:Q", title=labels["y"], format=".4f"),
    ]
    line = base.transform_filter(alt.datum.kind == "curve").mark_line(strokeWidth=2.5).encode(
        x=alt.X("p:Q", title=labels["x"], scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("value:Q", title=labels["y"], scale=alt.Scale(domainMin=0)),
        color=colour,
        tooltip=tooltip,
    )
    at_current = base.transform_filter(alt.datum.kind == "current")
    point = at_current.mark_point(size=160, filled=True, color=OKABE_ITO[7]).encode(
        x="p:Q", y="value:Q", tooltip=tooltip)
    name = at_current.mark_text(align="left", dx=9, dy=-9, fontWeight="bold").encode(
        x="p:Q", y="value:Q", text=alt.value(labels["current"]))
    panels = list(dict.fromkeys(df["loss"]))  # keep the caller's order, not alphabetical
    return alt.layer(line, point, name).properties(width=320, height=height).facet(
        column=alt.Column("loss:N", title=None, sort=panels),
    ).resolve_scale(y="independent").properties(title=labels["title"])


def delta_curves(df: pd.DataFrame, labels: dict[str, str]) -> alt.Chart:
    """-log(p) grows without bound as p -> 0; -log(p + delta) levels off at -log(delta).

    labels: title, x, y, variant (legend title).
    """
    return alt.Chart(df, title=labels["title"]).mark_line(strokeWidth=2.5).encode(
        x=alt.X("p:Q", title=labels["x"], scale=alt.Scale(type="log"),
                axis=alt.Axis(format="~e")),
        y=alt.Y("value:Q", title=labels["y"]),
        color=alt.Color("variant:N", title=labels["variant"], scale=categorical()),
        strokeDash=alt.StrokeDash("variant:N", title=labels["variant"]),  # one merged legend
        tooltip=[
            alt.Tooltip("variant:N", title=labels["variant"]),
            alt.Tooltip("p:Q", title=labels["x"], format=".1e"),
            alt.Tooltip("value:Q", title=labels["y"], format=".4f"),
        ],
    ).properties(height=340)
