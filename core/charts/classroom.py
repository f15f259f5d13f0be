"""The class experiment's board: each student's test accuracy against their value with the
median per value, every loss curve coloured by value, and the class's predictions.

Builders take the tidy frames of core.classroom.board and a dict of translated labels
(labels_for("room.accuracy" | "room.curves" | "room.tally", lang)); `values` is the board's
order of value labels, which fixes each value's place and Okabe-Ito colour in every chart.
Nicknames reach the charts as data only (tooltips show text, never markup).
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from core.charts.theme import FIT_WIDTH, categorical

CHART_HEIGHT = 320
GOLDEN = 0.6180339887  # spreads the points of one value sideways, the same way every refresh


def _colour(values: Sequence[str], title: str, legend: alt.Legend | None = None) -> alt.Color:
    return alt.Color("value:N", title=title, scale=categorical(list(values)), sort=list(values),
                     legend=legend)


def _value_axis() -> alt.Axis:
    """The values along x: every one labelled (never thinned out), level, never shortened."""
    return alt.Axis(labelAngle=0, labelLimit=200, labelOverlap=False)


def accuracy_chart(points: pd.DataFrame, medians: pd.DataFrame, values: Sequence[str],
                   labels: dict[str, str]) -> alt.LayerChart:
    """One point per student (test accuracy in %), a bar across each value at its median."""
    points = points.assign(jitter=((points["number"] * GOLDEN) % 1.0 - 0.5) * 0.6)
    x = alt.X("value:N", title=labels["x"], sort=list(values),
              scale=alt.Scale(domain=list(values)), axis=_value_axis())
    y_scale = alt.Scale(domain=[0, 100])
    dots = alt.Chart(points).mark_circle(size=140, opacity=0.75, stroke="white").encode(
        x=x, xOffset=alt.XOffset("jitter:Q", scale=alt.Scale(domain=[-0.5, 0.5])),
        y=alt.Y("test_acc:Q", title=labels["y"], scale=y_scale),
        color=_colour(values, labels["x"]),
        tooltip=[alt.Tooltip("nickname:N", title=labels["student"]),
                 alt.Tooltip("value:N", title=labels["x"]),
                 alt.Tooltip("test_acc:Q", title=labels["y"], format=".1f"),
                 alt.Tooltip("train_acc:Q", title=labels["train"], format=".1f")])
    middle = alt.Chart(medians).mark_tick(thickness=4, size=60, color="#000000").encode(
        x=x, y=alt.Y("test_acc:Q", scale=y_scale),
        tooltip=[alt.Tooltip("value:N", title=labels["x"]),
                 alt.Tooltip("test_acc:Q", title=labels["median"], format=".1f"),
                 alt.Tooltip("runs:Q", title=labels["runs"])])
    return alt.layer(middle, dots).properties(title=labels["title"], height=CHART_HEIGHT,
                                              autosize=FIT_WIDTH)


def curves_chart(curves: pd.DataFrame, values: Sequence[str], labels: dict[str, str], *,
                 legend_inside: bool = False) -> alt.Chart:
    """Every student's loss per iteration, coloured by their value; the legend below, or
    (`legend_inside`, when height is short) in the plot's top right corner, where falling
    loss curves leave room."""
    legend = (alt.Legend(orient="top-right", fillColor="white", padding=6, labelLimit=320)
              if legend_inside else alt.Legend(orient="bottom", labelLimit=320))
    return alt.Chart(curves).mark_line(strokeWidth=1.5, opacity=0.7, clip=True).encode(
        x=alt.X("iteration:Q", title=labels["x"]),
        y=alt.Y("loss:Q", title=labels["y"], scale=alt.Scale(zero=True)),
        color=_colour(values, labels["value"], legend),
        detail="number:N",
        tooltip=[alt.Tooltip("nickname:N", title=labels["student"]),
                 alt.Tooltip("value:N", title=labels["value"]),
                 alt.Tooltip("iteration:Q", title=labels["x"]),
                 alt.Tooltip("loss:Q", title=labels["y"], format=".4f")],
    ).properties(title=labels["title"], height=CHART_HEIGHT, autosize=FIT_WIDTH)


def tally_chart(tally: pd.DataFrame, values: Sequence[str], best: str | None,
                labels: dict[str, str]) -> alt.LayerChart:
    """How many students predicted each value; the value that won (best median) starred."""
    data = tally.assign(mark=[labels["best"] if v == best else "" for v in tally["value"]])
    x = alt.X("value:N", title=labels["x"], sort=list(values), axis=_value_axis())
    bars = alt.Chart(data).mark_bar().encode(
        x=x, y=alt.Y("votes:Q", title=labels["y"], axis=alt.Axis(tickMinStep=1)),
        color=_colour(values, labels["x"]),
        tooltip=[alt.Tooltip("value:N", title=labels["x"]),
                 alt.Tooltip("votes:Q", title=labels["y"])])
    star = alt.Chart(data).mark_text(dy=-12, fontSize=18, fontWeight="bold").encode(
        x=x, y=alt.Y("votes:Q"), text="mark:N")
    return alt.layer(bars, star).properties(title=labels["title"], height=CHART_HEIGHT,
                                            autosize=FIT_WIDTH)
